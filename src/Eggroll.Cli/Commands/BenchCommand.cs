using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Eggroll.Cli.Bench;
using Eggroll.IO;
using Eggroll.Numerics;

namespace Eggroll.Cli.Commands;

/// <summary><c>eggroll bench</c>: throughput of training against inference, and of the matrix product.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Measure training throughput and kernel speed on this machine.");
        command.Subcommands.Add(Throughput());
        command.Subcommands.Add(GemmCommand());
        command.Subcommands.Add(Int8Command());
        return command;
    }

    private static Command Throughput()
    {
        var layers = new Option<int>("--layers") { Description = "Linear layers in the model.", DefaultValueFactory = _ => 4 };
        var width = new Option<int>("--width") { Description = "Width of every layer.", DefaultValueFactory = _ => 1024 };
        var population = new Option<string>("--population") { Description = "Population sizes N, comma-separated.", DefaultValueFactory = _ => "64,256,1024,4096" };
        var rows = new Option<string>("--rows") { Description = "Rows per member T, comma-separated.", DefaultValueFactory = _ => "1,16,64" };
        var rank = new Option<string>("--rank") { Description = "EGGROLL ranks r, comma-separated.", DefaultValueFactory = _ => "1,4" };
        var noOpenEs = new Option<bool>("--no-openes") { Description = "Skip the (slow) OpenES epochs." };
        var (warmup, repeats, threads) = CommonOptions();
        warmup.DefaultValueFactory = _ => 2;
        var json = new Option<string?>("--json") { Description = "Write raw numbers to this JSON file (default: <out>/throughput.json)." };
        var png = new Option<string?>("--png") { Description = "Write the bar chart to this PNG file (default: <out>/throughput.png)." };
        var output = new Option<string?>("--out") { Description = "Directory for the JSON and PNG (default: runs/bench-<timestamp>)." };
        var command = new Command("throughput", "Rows/s of an EGGROLL and an OpenES epoch relative to batched inference (the paper's Figure 2a).")
        {
            layers, width, population, rows, rank, noOpenEs, warmup, repeats, threads, json, png, output,
        };
        command.SetAction(parse =>
        {
            SetThreads(parse.GetValue(threads));
            var settings = (from n in ParseList(parse.GetValue(population)!, "--population")
                            from t in ParseList(parse.GetValue(rows)!, "--rows")
                            from r in ParseList(parse.GetValue(rank)!, "--rank")
                            select new ThroughputSetting(n, t, r)).ToList();
            Validate(parse.GetValue(layers) >= 1 && parse.GetValue(width) >= 1, "--layers/--width", "must be ≥ 1");
            Validate(settings.All(s => s.Population >= 2 && s.Population % 2 == 0), "--population", "every N must be even and ≥ 2");
            Validate(settings.All(s => s.Rank is >= 1 and <= 256), "--rank", "every r must be between 1 and 256");
            string directory = parse.GetValue(output) ?? $"runs/bench-{DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}";
            string jsonPath = parse.GetValue(json) ?? Path.Combine(directory, "throughput.json");
            string pngPath = parse.GetValue(png) ?? Path.Combine(directory, "throughput.png");
            var machine = MachineInfo.Current();
            Console.WriteLine(machine);
            Console.WriteLine($"model: {parse.GetValue(layers)} × Linear {parse.GetValue(width)}→{parse.GetValue(width)} (ReLU between); {parse.GetValue(warmup)} warm-up, median of {parse.GetValue(repeats)} runs, inference and EGGROLL in turns, EGGROLL % = median of each epoch against the inference run before it (OpenES: half as many)");
            var benchmark = new ThroughputBenchmark(parse.GetValue(layers), parse.GetValue(width), parse.GetValue(warmup), parse.GetValue(repeats));
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

            CreateParent(jsonPath);
            CreateParent(pngPath);
            ThroughputReport.WriteJson(jsonPath, machine, new { Layers = parse.GetValue(layers), Width = parse.GetValue(width), Warmup = parse.GetValue(warmup), Repeats = parse.GetValue(repeats) }, results);
            ThroughputReport.WriteChart(pngPath, machine, results);
            Console.WriteLine($"json: {jsonPath}\npng:  {pngPath}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command GemmCommand()
    {
        var (warmup, repeats, threads) = CommonOptions();
        warmup.DefaultValueFactory = _ => 30;   // the driver and packing code must be past tiered JIT's first tiers
        var ghz = new Option<double?>("--ghz") { Description = "Compute the peak from this clock instead of measuring it with an FMA loop." };
        var json = new Option<string?>("--json") { Description = "Also write the results to this JSON file." };
        var command = new Command("gemm", "GFLOP/s of the fp32 matrix product on square and model-shaped sizes, with % of peak.")
        {
            warmup, repeats, threads, ghz, json,
        };
        command.SetAction(parse =>
        {
            SetThreads(parse.GetValue(threads));
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
            if (parse.GetValue(json) is { } path)
            {
                CreateParent(path);
                AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, new { Machine = MachineInfo.Current(), Results = results }, JsonDefaults.Options));
            }

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
        var command = new Command("int8", "GOPS of the int8 product against fp32 on the same shapes, and EGG training tokens/s per population size.")
        {
            warmup, repeats, threads, population, width, layers,
        };
        command.SetAction(parse =>
        {
            SetThreads(parse.GetValue(threads));
            var config = new Models.Egg.EggConfig(parse.GetValue(width), parse.GetValue(layers));
            config.Validate("--");
            var populations = ParseList(parse.GetValue(population)!, "--population");
            Validate(populations.All(n => n % 2 == 0), "--population", "every N must be even");
            Console.WriteLine(MachineInfo.Current());
            List<(int, int, int)> shapes = [(1024, 1024, 1024), (4096, 256, 64), (4096, 64, 256), (512, 256, 64), (512, 64, 256), (512, 256, 256), (64, 256, 64)];
            Console.Write(Int8Bench.Gemm(shapes, parse.GetValue(warmup), parse.GetValue(repeats)));
            Console.Write(Int8Bench.Training(config, populations, new Tasks.Language.EggTrainingOptions().SequenceLength, parse.GetValue(repeats)));
            return ExitCodes.Success;
        });
        return command;
    }

    private static (Option<int> Warmup, Option<int> Repeats, Option<int> Threads) CommonOptions() => (
        new Option<int>("--warmup") { Description = "Untimed runs before measuring.", DefaultValueFactory = _ => 1 },
        new Option<int>("--repeats") { Description = "Timed runs; the median is reported.", DefaultValueFactory = _ => 5 },
        new Option<int>("--threads") { Description = "Worker threads (0 = all cores).", DefaultValueFactory = _ => 0 });

    private static void SetThreads(int threads)
    {
        Validate(threads >= 0, "--threads", "must be ≥ 0");
        Parallelism.MaxThreads = threads > 0 ? threads : Environment.ProcessorCount;
    }

    private static List<int> ParseList(string text, string option)
    {
        var values = new List<int>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            Validate(int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value > 0, option, $"expects positive whole numbers separated by commas, got '{part}'");
            values.Add(value);
        }

        Validate(values.Count > 0, option, "needs at least one value");
        return values;
    }

    private static void Validate(bool condition, string option, string message)
    {
        if (!condition)
        {
            throw new ConfigException(option, message + ".");
        }
    }

    private static void CreateParent(string path)
    {
        string? parent = Path.GetDirectoryName(Path.GetFullPath(path));
        if (parent is not null)
        {
            Directory.CreateDirectory(parent);
        }
    }
}
