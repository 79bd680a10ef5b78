using System.CommandLine;
using System.Globalization;
using Eggroll.Training;

namespace Eggroll.Cli.Language;

/// <summary><c>eggroll lm compare</c>: learning curves of several <c>train lm</c> runs on one PNG, and a Markdown table.</summary>
internal static class LmCompareCommand
{
    /// <summary>Wall times (s) at which the table reads each run's latest validation.</summary>
    private static readonly double[] Marks = [60, 120];

    public static Command Create()
    {
        var runs = new Option<string[]>("--run") { Description = "LABEL=RUN_DIR of a train lm run; give it once per run.", Required = true, AllowMultipleArgumentsPerToken = false };
        var output = new Option<string>("--out") { Description = "The PNG to write.", Required = true };
        var command = new Command("compare", "Bits/byte of train lm runs against wall time and tokens on one PNG, and a Markdown table.") { runs, output };
        command.SetAction(parse =>
        {
            var curves = parse.GetValue(runs)!.Select(Parse).ToArray();
            string png = parse.GetValue(output)!;
            LmComparePlot.Save(curves, png);
            Console.WriteLine($"| run | epochs | tokens | wall time (s) | training time (s) | validation bits/byte at {string.Join(" s | at ", Marks)} s | final validation bits/byte | final train bits/byte |");
            Console.WriteLine($"|---|---|---|---|---|{string.Concat(Marks.Select(_ => "---|"))}---|---|");
            foreach (var c in curves)
            {
                int last = c.Epochs - 1;
                string marks = string.Concat(Marks.Select(m => $" {Format(c.ValidationAt(m))} |"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {c.Label} | {c.Epochs} | {c.Tokens[last]:N0} | {c.Elapsed[last]:F1} | {c.TrainingSeconds[last]:F1} |{marks} {Format(c.ValidationAt(double.MaxValue))} | {c.TrainBits[last]:F3} |"));
            }

            Console.WriteLine($"plot: {png}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static LmCurve Parse(string run)
    {
        int split = run.IndexOf('=', StringComparison.Ordinal);
        if (split < 1 || split == run.Length - 1)
        {
            throw new ConfigException("run", $"expected LABEL=RUN_DIR, got '{run}'.");
        }

        var curve = LmCurve.Read(run[..split], run[(split + 1)..]);
        if (curve.Epochs == 0)
        {
            throw new ConfigException("run", $"{run[(split + 1)..]} has no epochs in its metrics.jsonl.");
        }

        return curve;
    }

    private static string Format(double? bits) => bits is { } b ? b.ToString("F3", CultureInfo.InvariantCulture) : "–";
}
