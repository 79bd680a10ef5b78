return Eggroll.Cli.EggrollCli.Run(args);
