using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Eggroll.Cli.Bench;
using Eggroll.Population.Strategies;
using Eggroll.IO;
using Eggroll.Noise;
using Eggroll.Numerics;
using Eggroll.Training;

namespace Eggroll.Cli.Commands;

/// <summary><c>eggroll bench</c>: throughput of training against inference, and of the matrix product.</summary>
internal static class BenchCommand
{
    private const int MaxWidth = 16_384;
    internal const int MaxPopulation = 1 << 20;
    private const int MaxRuns = 10_000;

    public static Command Create()
    {
        var command = new Command("bench", "Measure training throughput and kernel speed on this machine.");
        command.Subcommands.Add(Throughput());
        command.Subcommands.Add(ForwardCommand());
        command.Subcommands.Add(GemmCommand());
        command.Subcommands.Add(Int8Command());
        command.Subcommands.Add(EnvironmentCommand());
        command.Subcommands.Add(ClusterCommand());
        command.Subcommands.Add(BenchLmCommand.Create());
        return command;
    }

    private static Command Throughput()
    {
        var layers = new Option<int>("--layers") { Description = "Linear layers in the model.", DefaultValueFactory = _ => 4 };
        var width = new Option<int>("--width") { Description = "Width of every layer.", DefaultValueFactory = _ => 1024 };
        var population = new Option<string>("--population") { Description = "Population sizes N, comma-separated.", DefaultValueFactory = _ => "64,256,1024,4096" };
        var rows = new Option<string>("--rows") { Description = "Rows per member T, comma-separated.", DefaultValueFactory = _ => "1,16,64" };
        var rank = new Option<string>("--rank") { Description = "EGGROLL ranks r, comma-separated.", DefaultValueFactory = _ => "1,4" };
        var noOpenEs = new Option<bool>("--no-openes") { Description = "Skip the (slow) OpenES epochs [default: off]." };
        var noise = NoiseOption("EGGROLL's noise");
        var (warmup, repeats, threads) = CommonOptions();
        warmup.DefaultValueFactory = _ => 2;
        var json = new Option<string?>("--json") { Description = "Write raw numbers to this JSON file (default: <out>/throughput.json)." };
        var png = new Option<string?>("--png") { Description = "Write the bar chart to this PNG file (default: <out>/throughput.png)." };
        var output = new Option<string?>("--out") { Description = "Directory for the JSON and PNG (default: runs/bench-<timestamp>)." };
        var command = new Command("throughput", "Rows/s of an EGGROLL and an OpenES epoch relative to batched inference (the paper's Figure 2a).")
        {
            layers, width, population, rows, rank, noOpenEs, noise, warmup, repeats, threads, json, png, output,
        };
        command.SetAction(parse =>
        {
            CheckCommon(parse, warmup, repeats, threads);
            ConfigChecks.InRange(parse.GetValue(layers), 1, 64, "--layers");
            ConfigChecks.InRange(parse.GetValue(width), 1, MaxWidth, "--width");
            var populations = ParseList(parse.GetValue(population)!, "--population", 2, MaxPopulation);
            var rowCounts = ParseList(parse.GetValue(rows)!, "--rows", 1, MaxPopulation);
            var ranks = ParseList(parse.GetValue(rank)!, "--rank", 1, LowRankPerturbation.MaxRank);
            RequireEven(populations);
            var noiseDistribution = ParseNoise(parse, noise);
            long largest = (long)populations.Max() * rowCounts.Max() * parse.GetValue(width);
            Validate(largest <= Array.MaxLength, "--population/--rows/--width", $"the largest N × T × width, {largest}, is more activations than one array holds ({Array.MaxLength})");
            var settings = (from n in populations from t in rowCounts from r in ranks select new ThroughputSetting(n, t, r)).ToList();
            string directory = parse.GetValue(output) ?? $"runs/bench-{DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}";
            string jsonPath = parse.GetValue(json) ?? Path.Combine(directory, "throughput.json");
            string pngPath = parse.GetValue(png) ?? Path.Combine(directory, "throughput.png");
            OutputPaths.RequireFile(jsonPath, parse.GetValue(json) is null ? "--out" : "--json");
            OutputPaths.RequireFile(pngPath, parse.GetValue(png) is null ? "--out" : "--png");
            var machine = MachineInfo.Current();
            Console.WriteLine(machine);
            Console.WriteLine($"model: {parse.GetValue(layers)} × Linear {parse.GetValue(width)}→{parse.GetValue(width)} (ReLU between); {WarmupText(parse.GetValue(warmup))}, median of {parse.GetValue(repeats)} runs, inference and EGGROLL in turns, EGGROLL % = median of each epoch against the inference run before it (OpenES: half as many)");
            var benchmark = new ThroughputBenchmark(parse.GetValue(layers), parse.GetValue(width), parse.GetValue(warmup), parse.GetValue(repeats), noiseDistribution);
            var results = new List<ThroughputResult>();
            var openEsByShape = new Dictionary<(int, int), double>();
            Console.WriteLine(ThroughputReport.Header());
            foreach (var setting in settings)
            {
                openEsByShape.TryGetValue((setting.Population, setting.RowsPerMember), out double known);
                var result = benchmark.Measure(setting, !parse.GetValue(noOpenEs), known > 0 ? known : null);
                if (result.OpenEsRowsPerSecond is { } measured)
                {
                    openEsByShape[(setting.Population, setting.RowsPerMember)] = measured;
                }

                results.Add(result);
                Console.WriteLine(ThroughputReport.Row(result));
            }

            ThroughputReport.WriteJson(jsonPath, machine, new { Layers = parse.GetValue(layers), Width = parse.GetValue(width), Noise = parse.GetValue(noise), Warmup = parse.GetValue(warmup), Repeats = parse.GetValue(repeats) }, results);
            ThroughputReport.WriteChart(pngPath, machine, results);
            Console.WriteLine($"json: {jsonPath}\npng:  {pngPath}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command ForwardCommand()
    {
        var protocol = new Option<string>("--protocol") { Description = "'paper' sets the defaults to the paper's Figure 2a: width 8192, N = 1024, T = 1, r = 1, the update every 1, 8 and 64 forwards (options given still win).", DefaultValueFactory = _ => "default" };
        var widths = new Option<string>("--widths") { Description = "Layer widths (in = out), comma-separated [default: 256,512,768,1024,2048,8192; paper: 8192].", DefaultValueFactory = _ => "256,512,768,1024,2048,8192" };
        var ranks = new Option<string>("--ranks") { Description = "EGGROLL ranks r, comma-separated [default: 1,4; paper: 1].", DefaultValueFactory = _ => "1,4" };
        var population = new Option<int>("--population") { Description = "Population size N (even).", DefaultValueFactory = _ => 1024 };
        var rows = new Option<int>("--rows") { Description = "Rows per member T.", DefaultValueFactory = _ => 1 };
        var updateEvery = new Option<string>("--update-every") { Description = "Also time whole ES cycles, per K in this comma-separated list: a new noise epoch, K perturbed forwards and the layer's update [default: none; paper: 1,8,64].", DefaultValueFactory = _ => "" };
        var (warmup, repeats, threads) = CommonOptions();
        warmup.DefaultValueFactory = _ => 3;
        repeats.DefaultValueFactory = _ => 7;
        var noiseTable = new Option<int>("--noise-table") { Description = $"Also time a new noise epoch every pass with the noise read from a shared Gaussian noise table of this many slice starts, e.g. {GaussianNoiseTable.DefaultOffsets} [default: 0, not timed]." };
        var distribution = NoiseOption("the pre-generated and on-the-fly noise and the ES cycles (the table column is always Gaussian)");
        var json = JsonOption();
        var png = new Option<string?>("--png") { Description = "Also draw % of inference against width (one bar per mode for a single width) to this PNG file [default: none]." };
        var command = new Command("forward", "Perturbed forward of one Linear layer against plain inference, noise pre-generated and on the fly (optionally from a shared noise table), optionally with the ES update amortised over K forwards (the paper's Figure 2a forward).")
        {
            protocol, widths, ranks, population, rows, updateEvery, noiseTable, distribution, warmup, repeats, threads, json, png,
        };
        command.SetAction(parse =>
        {
            CheckCommon(parse, warmup, repeats, threads);
            string protocolName = parse.GetValue(protocol)!;
            Validate(protocolName is "default" or "paper", protocol.Name, $"expects 'default' or 'paper', got '{Echo.Of(protocolName)}'");
            bool paper = protocolName == "paper";
            string Text(Option<string> option, string paperValue) => paper && parse.GetResult(option) is null or { Implicit: true } ? paperValue : parse.GetValue(option)!;
            var widthList = ParseList(Text(widths, "8192"), "--widths", 1, MaxWidth);
            var rankList = ParseList(Text(ranks, "1"), "--ranks", 1, LowRankPerturbation.MaxRank);
            string cycles = Text(updateEvery, "1,8,64");
            var updateList = cycles.Length == 0 ? [] : ParseList(cycles, "--update-every", 1, MaxRuns);
            int n = parse.GetValue(population), t = parse.GetValue(rows);
            ConfigChecks.InRange(n, 2, MaxPopulation, "--population");
            RequireEven([n]);
            ConfigChecks.InRange(t, 1, MaxPopulation, "--rows");
            var noiseDistribution = ParseNoise(parse, distribution);
            string distributionName = parse.GetValue(distribution)!;
            int tableOffsets = parse.GetValue(noiseTable);
            ConfigChecks.InRange(tableOffsets, 0, GaussianNoiseTable.MaxOffsets, noiseTable.Name);
            long activations = (long)n * t * widthList.Max(), factors = (long)n / 2 * rankList.Max() * widthList.Max();
            Validate(activations <= Array.MaxLength, "--population/--rows/--widths", $"N × T × width, {activations}, is more activations than one array holds ({Array.MaxLength})");
            Validate(factors <= Array.MaxLength, "--population/--ranks/--widths", $"N/2 × r × width, {factors}, is more factor values than one array holds ({Array.MaxLength})");
            RequireJsonFile(parse, json);
            if (parse.GetValue(png) is { } pngPath)
            {
                OutputPaths.RequireFile(pngPath, png.Name);
            }

            var machine = MachineInfo.Current();
            Console.WriteLine(machine);
            Console.WriteLine($"one Linear width→width with bias, N = {n}, T = {t}; {WarmupText(parse.GetValue(warmup))}, {parse.GetValue(repeats)} rounds of plain, pre-generated, on the fly{(tableOffsets > 0 ? $", noise table ({tableOffsets} slice starts, Gaussian)" : "")}{(updateList.Count > 0 ? ", ES cycles" : "")} in turns, {distributionName} noise; % = median over rounds of plain time / perturbed time (inference = 100)");
            if (updateList.Count > 0)
            {
                Console.WriteLine("update/K: a new noise epoch, K perturbed forwards and the layer's ES update, against K plain forwards (K × the round's plain run)");
            }

            Console.WriteLine(ForwardReport.Header(updateList, tableOffsets > 0));
            var benchmark = new ForwardBenchmark(n, t, parse.GetValue(warmup), parse.GetValue(repeats), updateList, tableOffsets, noiseDistribution);
            var results = new List<ForwardResult>();
            foreach (int width in widthList)
            {
                foreach (int rank in rankList)
                {
                    results.Add(benchmark.Measure(width, rank));
                    Console.WriteLine(ForwardReport.Row(results[^1]));
                }
            }

            WriteJson(parse, json, new { Machine = machine, Settings = new { Protocol = parse.GetValue(protocol), Population = n, RowsPerMember = t, UpdateEvery = updateList, Noise = distributionName, NoiseTable = tableOffsets, Warmup = parse.GetValue(warmup), Repeats = parse.GetValue(repeats) }, Results = results });
            if (parse.GetValue(png) is { } chart)
            {
                ForwardReport.WriteChart(chart, machine, results, distributionName);
                Console.WriteLine($"png:  {chart}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command GemmCommand()
    {
        var (warmup, repeats, threads) = CommonOptions();
        warmup.DefaultValueFactory = _ => 30;   // the driver and packing code must be past tiered JIT's first tiers
        var ghz = new Option<double?>("--ghz") { Description = "Compute the peak from this clock instead of measuring it [default: measured with an FMA loop]." };
        var json = JsonOption();
        var command = new Command("gemm", "GFLOP/s of the fp32 matrix product on square and model-shaped sizes, with % of peak.")
        {
            warmup, repeats, threads, ghz, json,
        };
        command.SetAction(parse =>
        {
            CheckCommon(parse, warmup, repeats, threads);
            Validate(parse.GetValue(ghz) is not { } clock || clock is > 0 and <= 100, "--ghz", $"must be between 0 and 100 (GHz), got {parse.GetValue(ghz)}");
            RequireJsonFile(parse, json);
            Console.WriteLine(MachineInfo.Current());
            var shapes = new List<(string, Transpose, Transpose, int, int, int)>
            {
                ("square 256", Transpose.No, Transpose.No, 256, 256, 256),
                ("square 512", Transpose.No, Transpose.No, 512, 512, 512),
                ("square 1024", Transpose.No, Transpose.No, 1024, 1024, 1024),
                ("square 2048", Transpose.No, Transpose.No, 2048, 2048, 2048),
                ("x·Wᵀ 16384×1024×1024", Transpose.No, Transpose.Yes, 16384, 1024, 1024),
                ("x·Wᵀ 1024×1024×1024", Transpose.No, Transpose.Yes, 1024, 1024, 1024),
                ("update Aᵀ·B 1024²×512", Transpose.Yes, Transpose.No, 1024, 1024, 512),
                ("update Aᵀ·B 1024²×2048", Transpose.Yes, Transpose.No, 1024, 1024, 2048),
            };
            var results = new List<GemmResult>();
            Console.Write(GemmBench.Run(shapes, parse.GetValue(warmup), parse.GetValue(repeats), parse.GetValue(ghz), results));
            WriteJson(parse, json, new { Machine = MachineInfo.Current(), Results = results });
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Int8Command()
    {
        var (warmup, repeats, threads) = CommonOptions();
        warmup.DefaultValueFactory = _ => 30;   // short kernels need many calls before tiered JIT optimises them
        var population = new Option<string>("--population") { Description = "Population sizes N of the training measurement, comma-separated.", DefaultValueFactory = _ => "256,1024,4096" };
        var width = new Option<int>("--width") { Description = "EGG width of the training measurement.", DefaultValueFactory = _ => new Models.Egg.EggConfig().Width };
        var layers = new Option<int>("--layers") { Description = "EGG layers of the training measurement.", DefaultValueFactory = _ => new Models.Egg.EggConfig().Layers };
        var json = JsonOption();
        var command = new Command("int8", "GOPS of the int8 product against fp32 on the same shapes, and EGG training tokens/s per population size.")
        {
            warmup, repeats, threads, population, width, layers, json,
        };
        command.SetAction(parse =>
        {
            CheckCommon(parse, warmup, repeats, threads);
            var config = new Models.Egg.EggConfig(parse.GetValue(width), parse.GetValue(layers));
            config.Validate("--");
            var populations = ParseList(parse.GetValue(population)!, "--population", 2, MaxPopulation);
            RequireEven(populations);
            RequireJsonFile(parse, json);
            Console.WriteLine(MachineInfo.Current());
            List<(int, int, int)> shapes = [(1024, 1024, 1024), (4096, 256, 64), (4096, 64, 256), (512, 256, 64), (512, 64, 256), (512, 256, 256), (64, 256, 64)];
            var gemm = new List<Int8GemmResult>();
            var training = new List<EggThroughputResult>();
            Console.Write(Int8Bench.Gemm(shapes, parse.GetValue(warmup), parse.GetValue(repeats), gemm));
            Console.Write(Int8Bench.Training(config, populations, new Tasks.Language.EggTrainingOptions().SequenceLength, parse.GetValue(repeats), training));
            WriteJson(parse, json, new { Machine = MachineInfo.Current(), Gemm = gemm, Training = training });
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command EnvironmentCommand()
    {
        var env = new Option<string>("--env") { Description = $"Environment: {Eggroll.Tasks.Rl.EnvironmentRegistry.Names}.", Required = true };
        var population = new Option<int>("--population") { Description = "Instances stepped together, and the EGGROLL population of the training epochs.", DefaultValueFactory = _ => 1024 };
        var steps = new Option<int>("--steps") { Description = "Timed steps of every instance with random actions.", DefaultValueFactory = _ => 100 };
        var epochs = new Option<int>("--epochs") { Description = "Timed training epochs with the default policy, from its start (0: skip).", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads") { Description = "Worker threads (0 = all cores).", DefaultValueFactory = _ => 0 };
        var command = new Command("env", "Environment steps/s of the simulator alone (random actions) and inside train rl epochs (policy forward passes and update included).")
        {
            env, population, steps, epochs, threads,
        };
        command.SetAction(parse =>
        {
            var info = Eggroll.Tasks.Rl.EnvironmentRegistry.Find(parse.GetValue(env)) ?? throw new ConfigException("--env", $"unknown environment '{Echo.Of(parse.GetValue(env)!)}'; use one of {Eggroll.Tasks.Rl.EnvironmentRegistry.Names}.");
            ConfigChecks.InRange(parse.GetValue(population), 2, MaxPopulation, "--population");
            ConfigChecks.InRange(parse.GetValue(steps), 1, MaxRuns, "--steps");
            ConfigChecks.InRange(parse.GetValue(epochs), 0, MaxRuns, "--epochs");
            ConfigChecks.InRange(parse.GetValue(threads), 0, 1024, "--threads");
            RequireEven([parse.GetValue(population)]);
            Parallelism.UseThreads(parse.GetValue(threads));
            Console.WriteLine(MachineInfo.Current());
            int n = parse.GetValue(population);
            var simulator = EnvironmentBenchmark.SimulatorSteps(info, n, parse.GetValue(steps));
            Console.WriteLine($"{info.Name}, {n} instances, random actions: simulator alone {simulator}");
            if (parse.GetValue(epochs) > 0)
            {
                var defaults = Eggroll.Tasks.Rl.RlDefaults.For(info.Name);
                var config = defaults with
                {
                    Env = defaults.Env with { EpisodesPerMember = 1 },
                    Evolution = defaults.Evolution with { Population = n },
                };
                var training = EnvironmentBenchmark.TrainingSteps(config, parse.GetValue(epochs));
                Console.WriteLine($"{info.Name}, population {n}, policy {string.Join('-', config.Model.Hidden)} {config.Model.Activation}: train rl epochs {training}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command ClusterCommand()
    {
        var workers = new Option<string>("--workers") { Description = "Worker silos, comma-separated (one worker each, all in this process on loopback).", DefaultValueFactory = _ => "1,2,3,4" };
        var population = new Option<int>("--population") { Description = "Population size N of the epoch-time and wire measurements (even).", DefaultValueFactory = _ => 512 };
        var rows = new Option<int>("--rows") { Description = "Rows per member T.", DefaultValueFactory = _ => 8 };
        var width = new Option<int>("--width") { Description = "Hidden width of the epoch-time model (4 → width → width → 1).", DefaultValueFactory = _ => 64 };
        var widths = new Option<string>("--wire-widths") { Description = "Hidden widths of the wire measurement, comma-separated.", DefaultValueFactory = _ => "16,128,512" };
        var coordinator = new Option<string>("--coordinator-population") { Description = "Populations of the coordinator-cost measurement, comma-separated.", DefaultValueFactory = _ => "1024,16384,262144,1048576" };
        var (warmup, repeats, threads) = CommonOptions();
        var output = new Option<string?>("--out") { Description = "Directory for cluster.json and cluster.png (default: runs/bench-<timestamp>)." };
        var command = new Command("cluster", "Distributed training on loopback silos: epoch time against workers, bytes on the wire against model size, coordinator cost against population.")
        {
            workers, population, rows, width, widths, coordinator, warmup, repeats, threads, output,
        };
        command.SetAction(async (parse, _) =>
        {
            CheckCommon(parse, warmup, repeats, threads);
            var workerCounts = ParseList(parse.GetValue(workers)!, "--workers", 1, 16);
            int n = parse.GetValue(population), t = parse.GetValue(rows);
            ConfigChecks.InRange(n, 2, MaxPopulation, "--population");
            RequireEven([n]);
            ConfigChecks.InRange(t, 1, 4096, "--rows");
            ConfigChecks.InRange(parse.GetValue(width), 1, 4096, "--width");
            var wireWidths = ParseList(parse.GetValue(widths)!, "--wire-widths", 1, 4096);
            var coordinatorPopulations = ParseList(parse.GetValue(coordinator)!, "--coordinator-population", 2, MaxPopulation);
            Validate(coordinatorPopulations.All(p => p % 2 == 0), "--coordinator-population", "every N must be even (antithetic pairs)");
            string directory = parse.GetValue(output) ?? $"runs/bench-{DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}";
            string jsonPath = Path.Combine(directory, "cluster.json"), pngPath = Path.Combine(directory, "cluster.png");
            OutputPaths.RequireFile(jsonPath, "--out");
            var machine = MachineInfo.Current();
            Console.WriteLine(machine);
            Console.WriteLine($"MLP 4 → {parse.GetValue(width)} → {parse.GetValue(width)} → 1, N = {n}, T = {t}; {parse.GetValue(warmup)} warm-up epoch(s), median of {parse.GetValue(repeats)}");
            var benchmark = new ClusterBenchmark(n, t, parse.GetValue(warmup), parse.GetValue(repeats));
            int silos = Math.Max(2, workerCounts.Max());
            await using var cluster = await LoopbackCluster.StartAsync(silos);
            var scaling = await benchmark.ScalingAsync(cluster, parse.GetValue(width), workerCounts);
            Console.Write(ClusterReport.ScalingTable(scaling));
            var wire = await benchmark.WireAsync(cluster, wireWidths, silos);
            Console.Write(ClusterReport.WireTable(wire));
            var cost = benchmark.Coordinator(coordinatorPopulations);
            Console.Write(ClusterReport.CoordinatorTable(cost));
            var settings = new { Population = n, RowsPerMember = t, Width = parse.GetValue(width), Warmup = parse.GetValue(warmup), Repeats = parse.GetValue(repeats), Silos = silos };
            ClusterReport.WriteJson(jsonPath, machine, settings, new { Scaling = scaling, Wire = wire, Coordinator = cost });
            ClusterReport.WriteChart(pngPath, machine, scaling, cost);
            Console.WriteLine($"json: {jsonPath}\npng:  {pngPath}");
            return ExitCodes.Success;
        });
        return command;
    }

    internal static (Option<int> Warmup, Option<int> Repeats, Option<int> Threads) CommonOptions() => (
        new Option<int>("--warmup") { Description = "Untimed runs before measuring; unless 0, runs go on until at least one second has passed, so the code timed is the runtime's optimised tier.", DefaultValueFactory = _ => 1 },
        new Option<int>("--repeats") { Description = "Timed runs; the median is reported.", DefaultValueFactory = _ => 5 },
        new Option<int>("--threads") { Description = "Worker threads (0 = all cores).", DefaultValueFactory = _ => 0 });

    internal static Option<string> NoiseOption(string what) =>
        new("--noise") { Description = $"Distribution of {what}: gaussian, rademacher or gaussian16.", DefaultValueFactory = _ => "gaussian" };

    internal static NoiseDistribution ParseNoise(ParseResult parse, Option<string> option)
    {
        string name = parse.GetValue(option)!;
        var distribution = name switch
        {
            "gaussian" => NoiseDistribution.Gaussian,
            "rademacher" => NoiseDistribution.Rademacher,
            "gaussian16" => NoiseDistribution.Gaussian16,
            _ => (NoiseDistribution?)null,
        };
        Validate(distribution is not null, option.Name, $"expects 'gaussian', 'rademacher' or 'gaussian16', got '{Echo.Of(name)}'");
        return distribution!.Value;
    }

    internal static Option<string?> JsonOption() => new("--json") { Description = "Also write the results to this JSON file [default: none]." };

    /// <summary>How the warm-up of <see cref="Timing.Runs"/> goes for <paramref name="rounds"/> warm-up rounds.</summary>
    internal static string WarmupText(int rounds) => rounds == 0 ? "no warm-up" : $"{rounds} warm-up rounds (at least {Timing.MinimumWarmupSeconds:0.#} s)";

    /// <summary>Checks the options every bench has, then uses the thread count.</summary>
    internal static void CheckCommon(ParseResult parse, Option<int> warmup, Option<int> repeats, Option<int> threads)
    {
        ConfigChecks.InRange(parse.GetValue(warmup), 0, MaxRuns, "--warmup");
        ConfigChecks.InRange(parse.GetValue(repeats), 1, MaxRuns, "--repeats");
        ConfigChecks.InRange(parse.GetValue(threads), 0, 1024, "--threads");
        Parallelism.UseThreads(parse.GetValue(threads));
    }

    internal static void RequireJsonFile(ParseResult parse, Option<string?> json)
    {
        if (parse.GetValue(json) is { } path)
        {
            OutputPaths.RequireFile(path, json.Name);
        }
    }

    internal static void WriteJson(ParseResult parse, Option<string?> json, object results)
    {
        if (parse.GetValue(json) is { } path)
        {
            AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, results, JsonDefaults.Options));
            Console.WriteLine($"json: {path}");
        }
    }

    internal static List<int> ParseList(string text, string option, int min, int max)
    {
        var values = new List<int>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            Validate(int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max, option, $"expects whole numbers between {min} and {max} separated by commas, got '{Echo.Of(part)}'");
            values.Add(value);
        }

        Validate(values.Count > 0, option, "needs at least one value");
        return values;
    }

    internal static void RequireEven(List<int> populations)
    {
        int odd = populations.FirstOrDefault(n => n % 2 != 0);
        Validate(odd == 0, "--population", $"every N must be even (antithetic pairs), got {odd}");
    }

    internal static void Validate(bool condition, string option, string message)
    {
        if (!condition)
        {
            throw new ConfigException(option, message + ".");
        }
    }
}
