using Eggroll.Models.Rwkv;
using Eggroll.Noise;
using Eggroll.Population;
using Eggroll.Population.Strategies;

namespace Eggroll.Cli.Bench;

/// <summary>
/// One RWKV-7 population step against plain batched inference of the same model: N streams advance one token
/// each, once with no noise and once as N members, each with its own rank-r perturbation of every matrix (the
/// embedding and head included; the noise epoch's factors, of <paramref name="noise"/>, generated beforehand, as during an epoch). The two
/// take turns in every round, and each timed run is as many steps as fill about a fifth of a second (wall time,
/// or the process's CPU time when <c>processorTime</c> is set).
/// </summary>
internal sealed class LmBenchmark(int rank, int warmup, int repeats, bool processorTime, NoiseDistribution noise)
{
    /// <summary>Every matrix evolves, as in <c>train lm --model rwkv7</c>; vectors stay frozen.</summary>
    public static readonly RwkvEvolution EveryMatrix = new(Vectors: false, Embedding: true, Head: true);

    private const float Sigma = 0.01f;
    private const ulong Seed = 1;
    private const int TokenSteps = 16;
    private const double SecondsPerRun = 0.2;
    private const int MaxStepsPerRun = 1000;

    /// <summary>Measures <paramref name="config"/> at <paramref name="population"/> streams; a single stream is timed without the population step.</summary>
    public LmResult Measure(string label, RwkvConfig config, int population)
    {
        var model = RwkvModel.Create(config, 1, EveryMatrix);
        var random = new Random(2);
        var tokens = Enumerable.Range(0, TokenSteps).Select(_ => Enumerable.Range(0, population).Select(_ => random.Next(config.Vocabulary)).ToArray()).ToArray();
        bool perturbed = population >= 2;

        long bare = Heap();
        LowRankPerturbation? strategy = null;
        if (perturbed)
        {
            strategy = new LowRankPerturbation(model.Parameters, Seed, population, Sigma, rank, distribution: noise);
            strategy.SetNoiseEpoch(0);
        }

        long? noiseBytes = perturbed ? Heap() - bare : null;
        var populationContext = new ForwardContext(MemberRows.Uniform(population, 1), strategy);
        var populationState = new RwkvState(config, population);
        long beforeStep = Heap();
        model.Step(tokens[0], populationState, populationContext);
        long bufferBytes = Heap() - beforeStep;

        var plainContext = ForwardContext.Unperturbed(population);
        var plainState = new RwkvState(config, population);
        int step = 0;
        void Plain() => model.Step(tokens[step++ % TokenSteps], plainState, plainContext);
        void PopulationStep() => model.Step(tokens[step++ % TokenSteps], populationState, populationContext);

        int steps = StepsPerRun(Plain);
        Action[] actions = perturbed ? [() => Repeat(Plain, steps), () => Repeat(PopulationStep, steps)] : [() => Repeat(Plain, steps)];
        double[][] runs = Timing.Runs(actions, warmup, repeats, processorTime);
        double plainMs = 1e3 * Timing.Median(runs[0]) / steps;
        double? populationMs = perturbed ? 1e3 * Timing.Median(runs[1]) / steps : null;
        long stateBytes = sizeof(float) * (long)config.Layers * ((2L * config.Width) + ((long)config.Width * config.HeadSize));
        return new LmResult(
            label,
            config.Layers,
            config.Width,
            config.Vocabulary,
            rank,
            population,
            plainMs,
            populationMs,
            population * 1e3 / plainMs,
            population * 1e3 / populationMs,
            perturbed ? Timing.MedianPercentOf(runs[0], runs[1]) : null,
            stateBytes,
            noiseBytes / population,
            bufferBytes / population);
    }

    /// <summary>The RWKV-7 0.1B shape: 12 blocks, D = 768, head size 64, adapters 64/64/32/128, channel mix 3072, 65,536 tokens.</summary>
    public static RwkvConfig Shape01B() => new(12, 768, 64, 64, 64, 32, 128, 3072, 65_536);

    private int StepsPerRun(Action step)
    {
        step();
        double start = Timing.Now(processorTime);
        step();
        return (int)Math.Clamp(Math.Ceiling(SecondsPerRun / (Timing.Now(processorTime) - start)), 1, MaxStepsPerRun);
    }

    private static void Repeat(Action step, int count)
    {
        for (int i = 0; i < count; i++)
        {
            step();
        }
    }

    private static long Heap() => GC.GetTotalMemory(forceFullCollection: true);
}
