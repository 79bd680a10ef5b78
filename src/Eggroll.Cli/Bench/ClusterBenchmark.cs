using Eggroll.Distributed;
using Eggroll.Models;
using Eggroll.Population;
using Eggroll.Tasks.Supervised;
using Eggroll.Training;
using Eggroll.Training.Optimizers;

namespace Eggroll.Cli.Bench;

/// <summary>
/// Measures distributed training on loopback silos in this process: epoch time against worker count, bytes on the wire
/// against model size, and the coordinator's cost against population size. The job is a supervised regression MLP
/// 4 → width → width → 1 with EGGROLL rank 2.
/// </summary>
internal sealed class ClusterBenchmark(int population, int rowsPerMember, int warmup, int repeats)
{
    private const int RangesPerWorker = 2;

    /// <summary>Patient enough that a busy machine never makes a range look like a straggler.</summary>
    private static readonly DistributedOptions Options = new() { StragglerTimeout = TimeSpan.FromMinutes(5), CallTimeout = TimeSpan.FromMinutes(5), RangesPerWorker = RangesPerWorker };

    public static string Scores(ShapingKind shaping) => shaping == ShapingKind.PairSign ? "pair outcomes" : "float32";

    public Trainer CreateJob(int width, ShapingKind shaping, int? members = null)
    {
        var (train, _) = SyntheticData.Create(SyntheticTask.Regression, 4096, 16, 3);
        var model = new Model(Mlp.Create([4, width, width, 1], ActivationKind.Tanh, seed: 3));
        return new Trainer(model, new SupervisedObjective(model, train, rowsPerMember), new TrainerOptions
        {
            Seed = 11,
            Evolution = new() { Population = members ?? population, Sigma = 0.05f, Rank = 2, Shaping = shaping },
            Optimizer = new OptimizerConfig { Kind = OptimizerKind.Adam, LearningRate = 0.02f },
        });
    }

    /// <summary>Median epoch seconds over each worker count (worker i on silo i); speed-up and efficiency are against the same epoch on one machine without Orleans.</summary>
    public async Task<List<ClusterScalingResult>> ScalingAsync(LoopbackCluster cluster, int width, IEnumerable<int> workerCounts)
    {
        double single = Timing.MedianSeconds(CreateJob(width, ShapingKind.ZScore).Step, warmup, repeats);
        var results = new List<ClusterScalingResult>();
        foreach (int workers in workerCounts)
        {
            cluster.Use(() => CreateJob(width, ShapingKind.ZScore));
            var coordinator = new DistributedTrainer(cluster.Grains, $"scaling-{workers}", CreateJob(width, ShapingKind.ZScore), Enumerable.Range(0, workers).Select(i => (long)i), Options);
            double seconds = await MedianEpochSecondsAsync(coordinator);
            results.Add(new ClusterScalingResult(workers, seconds, single, single / seconds, single / (workers * seconds)));
        }

        return results;
    }

    /// <summary>
    /// Bytes per epoch between the coordinator and one worker on another silo, for each width and score format; the
    /// cluster's own background traffic (membership probes and gossip among the silos) is measured over an idle spell as
    /// long as the epochs and subtracted.
    /// </summary>
    public async Task<List<ClusterWireResult>> WireAsync(LoopbackCluster cluster, IEnumerable<int> widths, int silos)
    {
        var results = new List<ClusterWireResult>();
        using var wire = new WireBytes();
        foreach (int width in widths)
        {
            foreach (var shaping in new[] { ShapingKind.ZScore, ShapingKind.PairSign })
            {
                string runId = $"wire-{width}-{shaping}";
                cluster.Use(() => CreateJob(width, shaping));
                long remote = 0;
                while (!await cluster.IsRemoteAsync(remote, runId))
                {
                    remote = (remote + 1) % silos;
                }

                var replica = CreateJob(width, shaping);
                var coordinator = new DistributedTrainer(cluster.Grains, runId, replica, [remote], Options);
                await RunEpochsAsync(coordinator, Math.Max(warmup, 1));
                long before = wire.Total;
                var clock = System.Diagnostics.Stopwatch.StartNew();
                await RunEpochsAsync(coordinator, repeats);
                long during = wire.Total - before;
                var elapsed = clock.Elapsed;
                await Task.Delay(elapsed);
                long background = wire.Total - before - during;
                results.Add(new ClusterWireResult(replica.Model.Parameters.Entries.Sum(e => e.Parameter.Count), Scores(shaping), population, (double)during / repeats, (double)(during - background) / repeats));
            }
        }

        return results;
    }

    /// <summary>Median milliseconds of the coordinator's work for one epoch of each population, answers from 4 workers precomputed.</summary>
    public List<ClusterCoordinatorResult> Coordinator(IEnumerable<int> populations)
    {
        var results = new List<ClusterCoordinatorResult>();
        foreach (int members in populations)
        {
            var random = new Random(5);
            var scores = Enumerable.Range(0, members).Select(_ => (float)random.NextDouble()).ToArray();
            foreach (var shaping in new[] { ShapingKind.ZScore, ShapingKind.PairSign })
            {
                bool packed = shaping == ShapingKind.PairSign;
                var ranges = MemberRanges.Split(members, 4 * RangesPerWorker);
                var answers = ranges.Select(r => packed
                    ? new RangeScores(0, r.First, [], PairOutcomes.PackRange(scores.AsSpan(r.First, r.Count)), 1)
                    : new RangeScores(0, r.First, scores[r.First..(r.First + r.Count)], null, 1)).ToArray();
                var shaped = new float[members];
                void Epoch()
                {
                    var gathering = new EpochGathering(0, MemberRanges.Split(members, 4 * RangesPerWorker), packed, expectedHash: 1);
                    for (int r = 0; r < answers.Length; r++)
                    {
                        if (gathering.Accept(r, answers[r]) is { } refused)
                        {
                            throw new InvalidOperationException($"the coordinator refused a benchmark answer: {refused}");
                        }
                    }

                    FitnessShaping.Shape(gathering.Complete().ForApply(members), shaped, shaping);
                }

                results.Add(new ClusterCoordinatorResult(members, Scores(shaping), 1000 * Timing.MedianSeconds(Epoch, warmup, repeats)));
            }
        }

        return results;
    }

    private async Task<double> MedianEpochSecondsAsync(DistributedTrainer coordinator)
    {
        await RunEpochsAsync(coordinator, Math.Max(warmup, 1));
        var seconds = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await coordinator.RunEpochAsync();
            seconds[i] = clock.Elapsed.TotalSeconds;
        }

        return Timing.Median(seconds);
    }

    private static async Task RunEpochsAsync(DistributedTrainer coordinator, int epochs)
    {
        for (int i = 0; i < epochs; i++)
        {
            await coordinator.RunEpochAsync();
        }
    }
}
