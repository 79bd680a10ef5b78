using Eggroll.Distributed;

namespace Eggroll.Tests.Distributed;

/// <summary>The coordinator takes a range's answer only when it is exactly what was asked, and says why otherwise.</summary>
public sealed class EpochGatheringTests
{
    private const long Epoch = 4;
    private const ulong Hash = 0x1234;
    private static readonly (int First, int Count)[] Ranges = [(0, 4), (4, 4)];

    public static TheoryData<string, RangeScores, bool, string> Refused => new()
    {
        { "another epoch", new RangeScores(Epoch + 1, 4, [1, 2, 3, 4], null, Hash), false, "answered epoch 6, first member 4 for epoch 5, first member 4" },
        { "another range", new RangeScores(Epoch, 0, [1, 2, 3, 4], null, Hash), false, "answered epoch 5, first member 0 for epoch 5, first member 4" },
        { "too few scores", new RangeScores(Epoch, 4, [1, 2, 3], null, Hash), false, "sent 3 scores for 4 members" },
        { "too many scores", new RangeScores(Epoch, 4, [1, 2, 3, 4, 5, 6], null, Hash), false, "sent 6 scores for 4 members" },
        { "a NaN score", new RangeScores(Epoch, 4, [1, 2, float.NaN, 4], null, Hash), false, "member 6's score is NaN" },
        { "an infinite score", new RangeScores(Epoch, 4, [1, float.NegativeInfinity, 3, 4], null, Hash), false, "member 5's score is -Infinity" },
        { "another state", new RangeScores(Epoch, 4, [1, 2, 3, 4], null, Hash + 1), false, "reported state hash 0000000000001235 but the coordinator's is 0000000000001234" },
        { "no state hash", new RangeScores(Epoch, 4, [1, 2, 3, 4]), false, "reported state hash 0000000000000000 but the coordinator's is 0000000000001234" },
        { "packed for float", new RangeScores(Epoch, 4, [], PairOutcomes.PackRange([1, 2, 3, 4]), Hash), false, "sent packed pair outcomes where float scores were expected" },
        { "float for packed", new RangeScores(Epoch, 4, [1, 2, 3, 4], null, Hash), true, "sent float scores where packed pair outcomes were expected (pair-sign shaping)" },
        { "packed digit 243", new RangeScores(Epoch, 4, [], [243, 0, 0, 0, 0], Hash), true, "malformed pair outcomes: packed byte 0 is 243 (at most 242)" },
        { "packed too short", new RangeScores(Epoch, 4, [], [1, 0, 0], Hash), true, "malformed pair outcomes: packed outcomes of 3 bytes for 2 pairs (expected 5 + 4 per undecided pair)" },
        { "NaN lowest score", new RangeScores(Epoch, 4, [], [1, 0, 0, 0xC0, 0x7F], Hash), true, "malformed pair outcomes: lowest finite score NaN" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void AnAnswerThatIsNotExactlyWhatWasAskedIsRefused(string what, RangeScores answer, bool packed, string reason)
    {
        var gathering = new EpochGathering(Epoch, Ranges, packed, Hash);

        Assert.True(reason == gathering.Accept(1, answer), what);
    }

    [Fact]
    public void ARefusedAnswerLeavesNothingBehindAndTheNextGoodOneCompletesTheEpoch()
    {
        var gathering = new EpochGathering(Epoch, Ranges, packed: false, Hash);

        Assert.Null(gathering.Accept(0, new RangeScores(Epoch, 0, [1, 2, 3, 4], null, Hash)));
        Assert.NotNull(gathering.Accept(1, new RangeScores(Epoch, 4, [9, 9, float.NaN, 9], null, Hash)));
        Assert.Null(gathering.Accept(1, new RangeScores(Epoch, 4, [5, 6, 7, 8], null, Hash)));

        Assert.Equal([1f, 2, 3, 4, 5, 6, 7, 8], gathering.Complete().ForApply(8));
    }

    [Fact]
    public void NonFiniteScoresAreTakenWhenTheRunAllowsThem()
    {
        var gathering = new EpochGathering(Epoch, Ranges, packed: false, acceptNonFinite: true);

        Assert.Null(gathering.Accept(1, new RangeScores(Epoch, 4, [1, float.NaN, 3, float.PositiveInfinity])));
    }
}
