using System.CommandLine;
using Eggroll.Cli.Commands;
using Eggroll.Distributed;
using Eggroll.Numerics;
using Eggroll.Tasks.Rl;
using Eggroll.Tasks.Supervised;
using Eggroll.Training;

namespace Eggroll.Cli.Cluster;

/// <summary>
/// <c>eggroll cluster coordinator</c> and <c>eggroll cluster worker</c>: one population spread over worker processes on
/// one or many machines (Orleans silos); the coordinator writes the metrics, checkpoints and plots of a single-machine run.
/// </summary>
internal static class ClusterCommand
{
    private static readonly string[] Kinds = ["supervised", "rl", "lm"];

    public static Command Create()
    {
        var command = new Command("cluster", "Train one population over worker processes on one or many machines (Microsoft Orleans; localhost or Redis membership).");
        command.Subcommands.Add(Coordinator());
        command.Subcommands.Add(Worker());
        command.Subcommands.Add(ClusterCertificatesCommand.Create());
        return command;
    }

    private static Command Coordinator()
    {
        var kind = KindOption();
        var options = RunOptions("only training.epochs, training.threads, training.checkpointEvery and training.validateEvery may change; the workers are sent the checkpoint's state");
        var network = new ClusterNetworkOptions(worker: false);
        var tls = new ClusterTlsOptions();
        var workers = new Option<int>("--workers") { Description = "Workers to wait for before the first epoch (each joins with eggroll cluster worker); workers that join later get work from the next epoch on.", DefaultValueFactory = _ => 1 };
        var command = new Command("coordinator", "Coordinate a run over workers: the same run options, metrics.jsonl, checkpoint/ and plots as eggroll train / train rl / train lm.");
        command.Options.Add(kind);
        options.AddTo(command);
        network.AddTo(command);
        tls.AddTo(command);
        command.Options.Add(workers);
        command.SetAction(parse =>
        {
            string runKind = parse.GetValue(kind)!;
            int count = parse.GetValue(workers);
            if (count < 1)
            {
                throw new ConfigException(workers.Name, $"{count} is not a number of workers ≥ 1.");
            }

            var overrides = options.Overrides(parse);
            string? resume = options.ResumeDirectory(parse);
            var listen = network.ListenEndpoint(parse);
            var credentials = tls.CredentialsOf(parse);
            using var placement = new ClusterPlacement(listen, network.MembershipOf(parse, listen), count, network.JoinTimeoutOf(parse), credentials);
            string? config = parse.GetValue(options.Config);
            return (runKind, resume) switch
            {
                ("lm", _) => ClusterLanguageModel.Coordinate(options, parse, resume, placement),
                ("supervised", null) => TrainCommand.Start(config, overrides, placement),
                ("supervised", _) => TrainCommand.Resume(resume, overrides, placement),
                (_, null) => TrainRlCommand.Start(config, overrides, placement),
                _ => TrainRlCommand.Resume(resume, overrides, placement),
            };
        });
        return command;
    }

    private static Command Worker()
    {
        var kind = KindOption();
        var options = RunOptions("not for workers: give a worker the run's --config and --set");
        var stay = new Option<bool>("--stay") { Description = "Keep serving after the coordinator leaves, for the next coordinator of the cluster (Redis membership); stop with SIGINT / SIGTERM [default: stop when the coordinator leaves]." };
        var network = new ClusterNetworkOptions(worker: true);
        var tls = new ClusterTlsOptions();
        var command = new Command("worker", "Serve a coordinator's run as a worker: score the members it is given and apply every epoch's scores. Give it the coordinator's run options (another seed, evolution, optimizer or model config is refused); --threads is this worker's own.");
        command.Options.Add(kind);
        options.AddTo(command);
        command.Options.Add(stay);
        network.AddTo(command);
        tls.AddTo(command);
        command.SetAction(parse =>
        {
            string runKind = parse.GetValue(kind)!;
            if (parse.GetValue(options.Resume) is not null)
            {
                throw new ConfigException(options.Resume.Name, "is for the coordinator, which sends its state to the workers; give a worker the run's --config and --set.");
            }

            var listen = network.ListenEndpoint(parse);
            var membership = network.MembershipOf(parse, listen);
            var credentials = tls.CredentialsOf(parse);
            string? config = parse.GetValue(options.Config);
            var (create, threads) = runKind switch
            {
                "supervised" => Supervised(config, options.Overrides(parse)),
                "rl" => Rl(config, options.Overrides(parse)),
                _ => ClusterLanguageModel.Worker(options, parse),
            };
            Parallelism.UseThreads(threads);
            return ClusterWorker.Serve(create, listen, membership, network.JoinTimeoutOf(parse), parse.GetValue(stay), credentials);
        });
        return command;
    }

    private static (Func<IPopulationJob> Create, int Threads) Supervised(string? path, List<string> overrides)
    {
        var config = ConfigLoader.Load<SupervisedRunConfig>(path, overrides);
        return (() => SupervisedRun.Create(config).CreateTrainer(), config.Training.Threads);
    }

    private static (Func<IPopulationJob> Create, int Threads) Rl(string? path, List<string> overrides)
    {
        var config = RlConfigLoader.Load(path, overrides);
        if (config.Method == RlMethod.Ppo)
        {
            throw new ConfigException("method", "only evolution strategies spread over a cluster; PPO runs on one machine (eggroll train rl).");
        }

        return (() => RlRun.Create(config).CreateTrainer(), config.Training.Threads);
    }

    private static Option<string> KindOption()
    {
        var kind = new Option<string>("--kind") { Description = "The run kind: supervised (as eggroll train), rl (as eggroll train rl, evolution only) or lm (as eggroll train lm with EGGROLL, the int8 EGG model or RWKV-7; its fields by --config / --set).", DefaultValueFactory = _ => "supervised" };
        kind.AcceptOnlyFromAmong(Kinds);
        return kind;
    }

    /// <summary>The single-machine verbs' run options: <c>--config</c>, <c>--set</c>, <c>--resume</c> and the shortcuts of both kinds.</summary>
    private static ConfigOptions RunOptions(string resumeHelp) => new(
        ShortcutOptions.Evolution(
            new("--task", "task.name", "regression or rings (task.name; supervised)."),
            new SupervisedRunConfig(),
            "",
            new Shortcut("--env", "env.name", $"Environment (env.name; rl): {EnvironmentRegistry.Names}.", Text: true, Default: new RlEnvironmentConfig().Name)),
        "of the kind's run (as for eggroll train or train rl)",
        "evolution.sigma=0.1",
        resumeHelp);
}
