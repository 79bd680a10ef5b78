using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Eggroll.Cli.Commands;
using Eggroll.IO;
using Eggroll.Tasks.Countdown;
using Eggroll.Training;

namespace Eggroll.Cli.Countdown;

/// <summary>
/// <c>eggroll experiment countdown</c>: EGGROLL and GRPO fine-tuning of the same base model under the same wall-clock
/// budget, for several seeds (the runs alternate methods, so a change in the machine's load falls on both), then
/// validation accuracy against wall time and generated tokens as two PNGs, a JSON file and a markdown table.
/// </summary>
internal static class CountdownExperimentCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Base model: a train lm --model rwkv7 run directory or an RWKV-7 .pth/.safetensors file.", Required = true };
        var minutes = new Option<double>("--minutes") { Description = "Wall-clock budget of each run, in minutes.", DefaultValueFactory = _ => 3 };
        var epochs = new Option<long>("--epochs") { Description = "Stop each run at this epoch even within the budget.", DefaultValueFactory = _ => 1_000_000 };
        var seeds = new Option<int>("--seeds") { Description = "Seeds per method (run seeds 1..n).", DefaultValueFactory = _ => 3 };
        var eggrollValidateEvery = new Option<int>("--eggroll-validate-every") { Description = "Epochs between validations of the EGGROLL runs (and at the end); its epochs are shorter, so more of them keep the validations equally spaced in time.", DefaultValueFactory = _ => 40 };
        var grpoValidateEvery = new Option<int>("--grpo-validate-every") { Description = "Epochs between validations of the GRPO runs (and at the end).", DefaultValueFactory = _ => 8 };
        var config = new Option<string?>("--config") { Description = "A countdown train config file both methods start from [default: the built-in defaults]." };
        var set = new Option<string[]>("--set") { Description = "Override a field of both runs' config, e.g. --set grpo.prompts=8 (repeatable).", AllowMultipleArgumentsPerToken = false };
        var output = new Option<string>("--out") { Description = "Directory for the runs, countdown.md, countdown.json and the two PNGs.", DefaultValueFactory = _ => "runs/experiment-countdown" };
        var command = new Command("countdown", "EGGROLL against GRPO on Countdown from the same base model, same wall-clock budget, several seeds: validation accuracy against wall time and generated tokens.")
        {
            model, minutes, epochs, seeds, eggrollValidateEvery, grpoValidateEvery, config, set, output,
        };
        command.SetAction(parse =>
        {
            string[] shared =
            [
                .. parse.GetValue(set) ?? [],
                $"model={JsonSerializer.Serialize(parse.GetValue(model))}",
                string.Create(CultureInfo.InvariantCulture, $"minutes={parse.GetValue(minutes)}"),
                string.Create(CultureInfo.InvariantCulture, $"epochs={parse.GetValue(epochs)}"),
            ];
            var template = ConfigLoader.Load<CountdownRunConfig>(parse.GetValue(config), shared);
            if (!(template.Minutes > 0))
            {
                throw new ConfigException(minutes.Name, $"must be a positive number of minutes (the shared budget), got {template.Minutes}.");
            }

            ConfigChecks.InRange(parse.GetValue(seeds), 1, 100, seeds.Name);
            ConfigChecks.InRange(parse.GetValue(eggrollValidateEvery), 1, int.MaxValue, eggrollValidateEvery.Name);
            ConfigChecks.InRange(parse.GetValue(grpoValidateEvery), 1, int.MaxValue, grpoValidateEvery.Name);
            string directory = parse.GetValue(output)!;
            OutputPaths.RequireDirectory(directory, output.Name);
            var runs = Plan(template, parse.GetValue(seeds), directory, parse.GetValue(eggrollValidateEvery), parse.GetValue(grpoValidateEvery));
            foreach (var run in runs)
            {
                TrainingSession.RequireFreshOutput(run.Directory, output.Name);
            }

            foreach (var run in runs)
            {
                Console.WriteLine($"== {run.Label}: {run.Directory}");
                int exitCode = CountdownTrainCommand.Train(run.Config, run.Directory, null);
                if (exitCode != ExitCodes.Success)
                {
                    return exitCode;
                }
            }

            var report = CountdownExperimentReport.Of(runs, CommandLine(parse, model, minutes, epochs, seeds, eggrollValidateEvery, grpoValidateEvery, config, set, output));
            report.Write(directory);
            Console.WriteLine(report.Markdown);
            return ExitCodes.Success;
        });
        return command;
    }

    private static List<CountdownExperimentRun> Plan(CountdownRunConfig template, int seeds, string directory, int eggrollValidateEvery, int grpoValidateEvery)
    {
        var runs = new List<CountdownExperimentRun>();
        for (ulong seed = 1; seed <= (ulong)seeds; seed++)
        {
            foreach (var method in new[] { CountdownMethod.Eggroll, CountdownMethod.Grpo })
            {
                string name = $"{method.ToString().ToLowerInvariant()}-seed{seed}";
                runs.Add(new CountdownExperimentRun(method, seed, Path.Combine(directory, name), template with { Method = method, Seed = seed, ValidateEvery = method == CountdownMethod.Grpo ? grpoValidateEvery : eggrollValidateEvery }));
            }
        }

        return runs;
    }

    private static string CommandLine(ParseResult parse, params Option[] options)
    {
        var parts = new List<string> { "eggroll experiment countdown" };
        foreach (var option in options.Where(o => parse.GetResult(o) is { Implicit: false }))
        {
            var tokens = parse.GetResult(option)!.Tokens.Select(t => t.Value.Contains(' ', StringComparison.Ordinal) ? $"\"{t.Value}\"" : t.Value);
            parts.AddRange(tokens.SelectMany(value => new[] { option.Name, value }));
        }

        return string.Join(' ', parts);
    }
}
