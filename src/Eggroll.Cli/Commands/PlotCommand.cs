using System.CommandLine;
using Eggroll.Training;

namespace Eggroll.Cli.Commands;

/// <summary><c>eggroll plot</c>: figures drawn from finished runs.</summary>
internal static class PlotCommand
{
    public static Command Create()
    {
        var command = new Command("plot", "Draw figures from the metrics of finished runs.");
        command.Subcommands.Add(Compare());
        command.Subcommands.Add(RlSuite());
        return command;
    }

    private static Command RlSuite()
    {
        var suite = new Argument<string>("SUITE_JSON") { Description = "The rl-suite.json an eggroll experiment rl-suite wrote." };
        var output = new Option<string>("--out") { Description = "Directory for rl-suite.png and rl-suite-ENV.png per environment [default: the JSON's directory]." };
        var command = new Command("rl-suite", "Draw the learning-curve figures of an rl-suite run again from its rl-suite.json: one with every environment, one per environment.")
        {
            suite, output,
        };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(suite)!;
            var result = Experiments.RlSuitePlot.Load(path, suite.Name);
            string directory = parse.GetValue(output) ?? Path.GetDirectoryName(Path.GetFullPath(path))!;
            Directory.CreateDirectory(directory);
            Console.WriteLine($"wrote {string.Join(", ", Experiments.RlSuitePlot.Save(result, directory))}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Compare()
    {
        var runs = new Argument<string[]>("RUN_DIR") { Description = "Run directories (or metrics.jsonl files) to overlay.", Arity = ArgumentArity.OneOrMore };
        var x = new Option<string>("--x") { Description = "Field of the x axis, e.g. epoch.", DefaultValueFactory = _ => "elapsedSeconds" };
        var y = new Option<string[]>("--y") { Description = "Field(s) of the y axis (repeatable) [default: validationBitsPerByte]." };
        var labels = new Option<string[]>("--label") { Description = "Legend name of each run, in order (repeatable) [default: the directory names]." };
        var title = new Option<string>("--title") { Description = "Title of the figure.", DefaultValueFactory = _ => "" };
        var yLabel = new Option<string?>("--y-label") { Description = "Label of the y axis [default: the field names]." };
        var png = new Option<string>("--png") { Description = "PNG file to write.", Required = true };
        var command = new Command("compare", "Overlay the metrics of several runs against one field (by default validation bits/byte against wall time).")
        {
            runs, x, y, labels, title, yLabel, png,
        };
        command.SetAction(parse =>
        {
            string[] directories = parse.GetValue(runs)!;
            string[] names = parse.GetValue(labels) ?? [];
            if (names.Length != 0 && names.Length != directories.Length)
            {
                throw new ConfigException("--label", $"give one per run ({directories.Length}), got {names.Length}.");
            }

            var series = directories.Select((d, i) => (Label: names.Length > 0 ? names[i] : Path.GetFileName(Path.TrimEndingDirectorySeparator(d)), MetricsPath: MetricsFile(d))).ToList();
            string[] fields = parse.GetValue(y) is { Length: > 0 } given ? given : ["validationBitsPerByte"];
            string output = parse.GetValue(png)!;
            OutputPaths.RequireFile(output, png.Name);
            MetricsPlot.Compare(series, parse.GetValue(x)!, fields, parse.GetValue(title)!, parse.GetValue(yLabel), output);
            Console.WriteLine($"png: {output}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static string MetricsFile(string run)
    {
        string path = Directory.Exists(run) ? TrainingSession.MetricsOf(run) : run;
        return File.Exists(path) ? path : throw new ConfigException("RUN_DIR", $"{path} does not exist; give a run directory that holds metrics.jsonl, or the file itself.");
    }
}
