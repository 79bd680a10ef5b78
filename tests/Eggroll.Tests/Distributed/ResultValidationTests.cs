using Eggroll.Distributed;
using Eggroll.Population;
using static Eggroll.Tests.Distributed.DistributedTrainingTests;

namespace Eggroll.Tests.Distributed;

/// <summary>
/// A silo whose workers' answers are tampered with on the way out (malformed, out of range, non-finite, another state,
/// bad packing) gets every such answer refused and its ranges scored elsewhere; the run ends bit-identical to the honest
/// run on one machine, with float scores, with packed pair outcomes and with the observation moments of RL normalisation.
/// </summary>
public sealed class ResultValidationTests
{
    private const int Epochs = 4;

    private static readonly DistributedOptions EveryAnswerHashed = Patient with { HashEvery = 1 };

    [Fact]
    public async Task TamperedFloatScoresAreRefusedAndTheRunStaysBitIdentical()
    {
        Func<RangeScores, RangeScores>[] tampering =
        [
            a => a with { FirstMember = a.FirstMember + 2 },
            a => a with { Scores = a.Scores[1..] },
            a => a with { Scores = [float.NaN, .. a.Scores[1..]] },
            a => a with { StateHash = a.StateHash ^ 1 },
            a => a with { ReplicaEpoch = a.ReplicaEpoch + 1 },
            a => a with { Scores = [], PackedOutcomes = PairOutcomes.PackRange(a.Scores) },
        ];

        var coordinator = await RunWithALiarAsync(() => CreateJob(), tampering);

        AssertSameState(SingleMachine(Epochs), coordinator.Replica);
        AssertRefused(coordinator, "first member", "scores for", "score is NaN", "state hash", "answered epoch", "packed pair outcomes where float scores");
    }

    [Fact]
    public async Task PackedPairOutcomesMatchTheFloatRunAndMalformedOnesAreRefused()
    {
        Func<RangeScores, RangeScores>[] tampering =
        [
            a => a with { PackedOutcomes = [243, .. a.PackedOutcomes![1..]] },
            a => a with { PackedOutcomes = a.PackedOutcomes![1..] },
            a => a with { PackedOutcomes = null, Scores = new float[2 * 5 * a.PackedOutcomes!.Length] },
        ];

        var coordinator = await RunWithALiarAsync(() => CreateJob(shaping: ShapingKind.PairSign), tampering);

        AssertSameState(SingleMachine(Epochs, ShapingKind.PairSign), coordinator.Replica);
        AssertRefused(coordinator, "packed byte 0 is 243", "packed outcomes of", "float scores where packed pair outcomes");
    }

    [Fact]
    public async Task TamperedObservationMomentsAreRefusedAndAnRlRunWithNormalisationStaysBitIdentical()
    {
        Func<RangeScores, RangeScores>[] tampering =
        [
            a => a with { MemberStatistics = null },
            a => a with { MemberStatistics = a.MemberStatistics![1..] },
            a => a with { MemberStatistics = [a.MemberStatistics![0] + 0.5, .. a.MemberStatistics[1..]] },
            a => a with { MemberStatistics = [.. a.MemberStatistics![..^1], -1] },
            a => a with { MemberStatistics = [.. a.MemberStatistics![..^1], double.NaN] },
        ];

        var coordinator = await RunWithALiarAsync(() => new Rl.RlTrainingFixture().Trainer, tampering);

        var reference = new Rl.RlTrainingFixture();
        reference.Run(Epochs);
        AssertSameState(reference.Trainer, coordinator.Replica);
        Assert.True(reference.Policy.Normalizer!.Count > 0);
        AssertRefused(coordinator, "sent 0 member statistics for", "member statistics for", "invalid member statistics: the observation moments of the range's member 0: count", "M2 -1", "M2 NaN");
    }

    /// <summary>Two silos, four workers, each replica made by <paramref name="create"/>; every answer leaving silo 1 goes through the next of <paramref name="tampering"/>.</summary>
    private static async Task<DistributedTrainer> RunWithALiarAsync(Func<Eggroll.Training.Trainer> create, Func<RangeScores, RangeScores>[] tampering)
    {
        await using var cluster = await LocalCluster.StartAsync(
            2,
            _ => new WorkerJob(create),
            (silo, builder) =>
            {
                if (silo == 1)
                {
                    builder.AddIncomingGrainCallFilter(new TamperingFilter(tampering));
                }
            });
        var coordinator = new DistributedTrainer(cluster.Grains, "liar", create(), [0, 1, 2, 3], EveryAnswerHashed);
        await RunAsync(coordinator, Epochs);
        return coordinator;
    }

    private static void AssertRefused(DistributedTrainer coordinator, params string[] reasons)
    {
        string faults = string.Join("\n", coordinator.Faults);
        Assert.All(reasons, reason => Assert.Contains(coordinator.Faults, f => f.Contains(" refused by worker ", StringComparison.Ordinal) && f.Contains(reason, StringComparison.Ordinal)));
        Assert.DoesNotContain(" lost by ", faults, StringComparison.Ordinal);
        Assert.Equal(2, coordinator.MembersScored.Values.Count(members => members == 0));
    }

    /// <summary>Rewrites every scored answer a worker on its silo sends, with the tamperings in turn.</summary>
    private sealed class TamperingFilter(Func<RangeScores, RangeScores>[] tampering) : IIncomingGrainCallFilter
    {
        private int calls;

        public async Task Invoke(IIncomingGrainCallContext context)
        {
            await context.Invoke();
            if (context.Result is RangeScores answer && (answer.Scores.Length > 0 || answer.PackedOutcomes is not null))
            {
                context.Result = tampering[(Interlocked.Increment(ref calls) - 1) % tampering.Length](answer);
            }
        }
    }
}
