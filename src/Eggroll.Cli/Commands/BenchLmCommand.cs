using System.CommandLine;
using Eggroll.Cli.Bench;
using Eggroll.Population.Strategies;
using Eggroll.Tasks.Language.Rwkv;
using Eggroll.Training;
using static Eggroll.Cli.Commands.BenchCommand;

namespace Eggroll.Cli.Commands;

/// <summary>
/// <c>eggroll bench lm</c>: tokens/s of an RWKV-7 population step (every member advances one token with its own
/// perturbation) against plain batched inference of the same N streams, on byte models of several widths and on
/// the RWKV-7 0.1B shape, with the memory one member needs.
/// </summary>
internal static class BenchLmCommand
{
    private const int MaxLayers = 64;

    public static Command Create()
    {
        var widths = new Option<string>("--widths") { Description = "Widths D of the byte models, comma-separated.", DefaultValueFactory = _ => "256,512,768" };
        var layers = new Option<int>("--layers") { Description = "Blocks of the byte models.", DefaultValueFactory = _ => 2 };
        var headSize = new Option<int>("--head-size") { Description = "Head size of the byte models (must divide every width).", DefaultValueFactory = _ => 64 };
        var population = new Option<string>("--population") { Description = "Population sizes N of the byte models, comma-separated (even).", DefaultValueFactory = _ => "256,512,1024" };
        var rank = new Option<int>("--rank") { Description = "Rank r of every member's perturbation.", DefaultValueFactory = _ => 1 };
        var large = new Option<string>("--population-0.1b") { Description = "Population sizes of the RWKV-7 0.1B shape (12 × 768, 65,536 tokens, random weights), comma-separated; 1 = one stream of plain inference only.", DefaultValueFactory = _ => "1,64,128,256,512" };
        var skipLarge = new Option<bool>("--no-0.1b") { Description = "Skip the 0.1B shape [default: off]." };
        var noise = NoiseOption("every member's perturbation");
        var cpuTime = new Option<bool>("--cpu-time") { Description = "Time runs by this process's CPU time instead of wall time (steadier on a crowded machine; use with --threads 1, where no core waits on another) [default: off]." };
        var (warmup, repeats, threads) = CommonOptions();
        warmup.DefaultValueFactory = _ => 2;
        var json = JsonOption();
        var png = new Option<string?>("--png") { Description = "Also draw the population step's % of inference against N to this PNG file [default: none]." };
        var command = new Command("lm", "Tokens/s of an RWKV-7 population step against plain batched inference of the same streams, and memory per member.")
        {
            widths, layers, headSize, population, rank, large, skipLarge, noise, cpuTime, warmup, repeats, threads, json, png,
        };
        command.SetAction(parse =>
        {
            CheckCommon(parse, warmup, repeats, threads);
            ConfigChecks.InRange(parse.GetValue(layers), 1, MaxLayers, layers.Name);
            int head = parse.GetValue(headSize), r = parse.GetValue(rank);
            ConfigChecks.InRange(head, 1, 1024, headSize.Name);
            ConfigChecks.InRange(r, 1, LowRankPerturbation.MaxRank, rank.Name);
            var widthList = ParseList(parse.GetValue(widths)!, widths.Name, 1, 4096);
            int indivisible = widthList.FirstOrDefault(w => w % head != 0);
            Validate(indivisible == 0, widths.Name, $"every width must be a multiple of --head-size {head}, got {indivisible}");
            var populations = ParseList(parse.GetValue(population)!, population.Name, 2, MaxPopulation);
            RequireEven(populations);
            var largePopulations = parse.GetValue(skipLarge) ? [] : ParseList(parse.GetValue(large)!, large.Name, 1, 8192);
            int odd = largePopulations.FirstOrDefault(n => n > 1 && n % 2 != 0);
            Validate(odd == 0, large.Name, $"every N above 1 must be even (antithetic pairs), got {odd}");
            var distribution = ParseNoise(parse, noise);
            RequireJsonFile(parse, json);
            if (parse.GetValue(png) is { } pngPath)
            {
                OutputPaths.RequireFile(pngPath, png.Name);
            }

            var machine = MachineInfo.Current();
            Console.WriteLine(machine);
            Console.WriteLine($"{(parse.GetValue(cpuTime) ? "CPU time of this process" : "wall time")}; rank {r}, every matrix perturbed (embedding and head included), {parse.GetValue(noise)} noise pre-generated; {parse.GetValue(warmup)} warm-up rounds, {parse.GetValue(repeats)} rounds of plain and population step in turns; pop. % = median over rounds of plain time / population time (inference = 100)");
            Console.WriteLine(LmReport.Header());
            var benchmark = new LmBenchmark(r, parse.GetValue(warmup), parse.GetValue(repeats), parse.GetValue(cpuTime), distribution);
            var settings = new List<(string Label, Models.Rwkv.RwkvConfig Config, int Population)>();
            foreach (int width in widthList)
            {
                var config = new RwkvLmOptions { Layers = parse.GetValue(layers), Width = width, HeadSize = head }.ModelConfig();
                settings.AddRange(populations.Select(n => ($"bytes {config.Layers}×{width}", config, n)));
            }

            settings.AddRange(largePopulations.Select(n => ("0.1B shape 12×768", LmBenchmark.Shape01B(), n)));
            var results = new List<LmResult>();
            foreach (var (label, config, n) in settings)
            {
                results.Add(benchmark.Measure(label, config, n));
                Console.WriteLine(LmReport.Row(results[^1]));
            }

            WriteJson(parse, json, new { Machine = machine, Settings = new { Rank = r, Noise = parse.GetValue(noise), CpuTime = parse.GetValue(cpuTime), Warmup = parse.GetValue(warmup), Repeats = parse.GetValue(repeats) }, Results = results });
            if (parse.GetValue(png) is { } chart)
            {
                LmReport.WriteChart(chart, machine, r, results);
                Console.WriteLine($"png:  {chart}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
