using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Eggroll.Cli.Experiments;
using Eggroll.IO;
using Eggroll.Tasks.Experiments;

namespace Eggroll.Cli.Commands;

/// <summary><c>eggroll experiment</c>: empirical checks of the theory; <c>rank</c> measures the O(1/r) convergence of EGGROLL to full-rank ES.</summary>
internal static class ExperimentCommand
{
    /// <summary>Creates the <c>experiment</c> command and its subcommands.</summary>
    public static Command Create()
    {
        var command = new Command("experiment", "Empirical checks of the theory behind EGGROLL.");
        command.Subcommands.Add(CreateRank());
        command.Subcommands.Add(CreateRlSuite());
        command.Subcommands.Add(Countdown.CountdownExperimentCommand.Create());
        return command;
    }

    private static Command CreateRlSuite()
    {
        var defaults = new RlSuiteOptions();
        var budget = new Option<long>("--budget") { Description = "Environment steps per run.", DefaultValueFactory = _ => defaults.Budget };
        var seeds = new Option<int>("--seeds") { Description = "Seeds per environment and strategy.", DefaultValueFactory = _ => defaults.Seeds };
        var envs = new Option<string?>("--envs") { Description = "Comma-separated environments (default: every registered one)." };
        var methods = new Option<string?>("--methods") { Description = "Comma-separated methods: eggroll, openes, ppo (default: all three)." };
        var threads = new Option<int>("--threads") { Description = "Worker threads, 0 = all cores (results do not depend on it).", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--out") { Description = "Directory for rl-suite.md, rl-suite.json, rl-suite.png and rl-suite-ENV.png per environment.", DefaultValueFactory = _ => "runs/experiment-rl-suite" };
        var command = new Command("rl-suite", "Every environment × {EGGROLL r=1, OpenES, PPO} × seeds with the same budget of environment steps: a markdown table, EGGROLL's verdicts against the others and a figure of learning curves.");
        command.Options.Add(budget);
        command.Options.Add(seeds);
        command.Options.Add(envs);
        command.Options.Add(methods);
        command.Options.Add(threads);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            var names = parse.GetValue(envs) is { } list ? list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : Eggroll.Tasks.Rl.EnvironmentRegistry.All.Select(e => e.Name);
            var resolved = names.Select(n => Eggroll.Tasks.Rl.EnvironmentRegistry.Find(n)?.Name ?? throw new ConfigException("--envs", $"unknown environment '{Echo.Of(n)}'; use {Eggroll.Tasks.Rl.EnvironmentRegistry.Names}.")).ToList();
            var chosen = parse.GetValue(methods) is { } methodList ? ParseMethods(methodList, methods.Name) : defaults.Methods;
            var options = defaults with { Budget = parse.GetValue(budget), Seeds = parse.GetValue(seeds), Environments = resolved, Methods = chosen };
            Require(options.Budget >= 1, "--budget", "must be at least 1", options.Budget);
            Require(options.Seeds >= 1, "--seeds", "must be at least 1", options.Seeds);
            Require(parse.GetValue(threads) is >= 0 and <= 1024, "--threads", "must be between 0 and 1024", parse.GetValue(threads));
            OutputPaths.RequireDirectory(parse.GetValue(output)!, output.Name);
            Eggroll.Numerics.Parallelism.UseThreads(parse.GetValue(threads));
            return RunRlSuite(options, parse.GetValue(output)!);
        });
        return command;
    }

    private static List<RlSuiteMethod> ParseMethods(string list, string option)
    {
        var parsed = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(name => name.ToLowerInvariant() switch
        {
            "eggroll" => RlSuiteMethod.Eggroll,
            "openes" => RlSuiteMethod.OpenEs,
            "ppo" => RlSuiteMethod.Ppo,
            _ => throw new ConfigException(option, $"unknown method '{Echo.Of(name)}'; use eggroll, openes or ppo."),
        }).Distinct().ToList();
        Require(parsed.Count > 0, option, "must name at least one method", list);
        return parsed;
    }

    private static int RunRlSuite(RlSuiteOptions options, string directory)
    {
        var result = RlSuite.Run(options, line => Console.Error.WriteLine(line));
        string verdicts = RlSuiteVerdicts.Table(result);
        string table = RlSuiteReport.Table(result) + (verdicts.Length > 0 ? "\n" + verdicts : "");
        Console.WriteLine(table);
        Console.WriteLine($"total wall time: {result.TotalSeconds:F1} s");
        Directory.CreateDirectory(directory);
        string markdown = Path.Combine(directory, "rl-suite.md"), json = Path.Combine(directory, "rl-suite.json");
        string command = $"eggroll experiment rl-suite --budget {options.Budget} --seeds {options.Seeds}"
            + (options.Environments.Count == Eggroll.Tasks.Rl.EnvironmentRegistry.All.Count ? "" : $" --envs {string.Join(',', options.Environments)}")
            + (options.Methods.SequenceEqual(new RlSuiteOptions().Methods) ? "" : $" --methods {string.Join(',', options.Methods.Select(m => m.ToString().ToLowerInvariant()))}");
        AtomicFile.Write(markdown, stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            writer.Write($"Made by `{command}` ({Environment.ProcessorCount} cores, total wall time {result.TotalSeconds:F0} s).\n\n{table}");
        });
        AtomicFile.Write(json, stream => JsonSerializer.Serialize(stream, result, JsonDefaults.Options));
        var figures = RlSuitePlot.Save(result, directory);
        Console.WriteLine($"wrote {markdown}, {json}, {string.Join(", ", figures)}");
        return ExitCodes.Success;
    }

    private static Command CreateRank()
    {
        var defaults = new RankExperimentOptions();
        var members = new Option<int>("--members") { Description = "Population size N of each estimate (even).", DefaultValueFactory = _ => defaults.Members };
        var seeds = new Option<int>("--seeds") { Description = "Independent estimates averaged per rank.", DefaultValueFactory = _ => defaults.Seeds };
        var referenceSeeds = new Option<int?>("--reference-seeds") { Description = "Independent estimates averaged for the full-rank reference (default: 2 × --seeds; it is shared by every rank)." };
        var sigma = new Option<float>("--sigma") { Description = "Noise scale σ (weights are ~U(±1/√size)).", DefaultValueFactory = _ => defaults.Sigma };
        var maxRank = new Option<int>("--max-rank") { Description = "Largest rank; ranks are the powers of two up to it.", DefaultValueFactory = _ => defaults.MaxRank };
        var size = new Option<int>("--size") { Description = "The weight matrix is size×size.", DefaultValueFactory = _ => defaults.Size };
        var inputRows = new Option<int>("--input-rows") { Description = "Number of fixed input rows of the fitness.", DefaultValueFactory = _ => defaults.InputRows };
        var fitness = new Option<ReadoutKind>("--fitness") { Description = "The fitness's function φ: sine (exact expectations known), tanh, or square (quadratic: no gap at any rank).", DefaultValueFactory = _ => defaults.Readout };
        var output = new Option<string>("--out") { Description = "Directory for rank.json and rank.png.", DefaultValueFactory = _ => "runs/experiment-rank" };
        var command = new Command("rank", "Distance of the expected EGGROLL update from the expected full-rank ES update, for ranks 1, 2, 4, ..., on a fixed non-quadratic fitness.");
        command.Options.Add(members);
        command.Options.Add(seeds);
        command.Options.Add(referenceSeeds);
        command.Options.Add(sigma);
        command.Options.Add(maxRank);
        command.Options.Add(size);
        command.Options.Add(inputRows);
        command.Options.Add(fitness);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            int seedCount = parse.GetValue(seeds);
            var options = new RankExperimentOptions
            {
                Members = parse.GetValue(members),
                Seeds = seedCount,
                ReferenceSeeds = parse.GetValue(referenceSeeds) ?? 2 * seedCount,
                Sigma = parse.GetValue(sigma),
                MaxRank = parse.GetValue(maxRank),
                Size = parse.GetValue(size),
                InputRows = parse.GetValue(inputRows),
                Readout = parse.GetValue(fitness),
            };
            return Run(options, parse.GetValue(output)!);
        });
        return command;
    }

    private static int Run(RankExperimentOptions options, string directory)
    {
        Validate(options);
        OutputPaths.RequireDirectory(directory, "--out");
        var clock = Stopwatch.StartNew();
        var result = RankExperiment.Run(options, line => Console.Error.WriteLine(line));
        Console.WriteLine(RankTable.Format(result));
        Console.WriteLine($"wall time: {clock.Elapsed.TotalSeconds:F1} s");

        Directory.CreateDirectory(directory);
        string json = Path.Combine(directory, "rank.json");
        string png = Path.Combine(directory, "rank.png");
        AtomicFile.Write(json, stream => JsonSerializer.Serialize(stream, result, JsonDefaults.Options));
        RankPlot.Save(result, png);
        Console.WriteLine($"wrote {json}");
        Console.WriteLine($"wrote {png}");
        return ExitCodes.Success;
    }

    private static void Validate(RankExperimentOptions options)
    {
        Require(options.Members >= 2 && options.Members % 2 == 0, "--members", "must be an even number ≥ 2", options.Members);
        Require(options.Seeds >= 2, "--seeds", "must be at least 2", options.Seeds);
        Require(options.ReferenceSeeds >= 2, "--reference-seeds", "must be at least 2", options.ReferenceSeeds);
        Require(options.Sigma > 0 && float.IsFinite(options.Sigma), "--sigma", "must be a positive number", options.Sigma);
        Require(options.MaxRank is >= 1 and <= 256, "--max-rank", "must be between 1 and 256", options.MaxRank);
        Require(options.Size >= 1, "--size", "must be at least 1", options.Size);
        Require(options.InputRows >= 1, "--input-rows", "must be at least 1", options.InputRows);
    }

    private static void Require(bool condition, string option, string rule, object value)
    {
        if (!condition)
        {
            throw new ConfigException(option, $"{rule}, got {value}.");
        }
    }
}
