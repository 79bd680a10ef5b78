using Eggroll.Population;
using Eggroll.Population.Strategies;

namespace Eggroll.Tests.Evolution;

/// <summary>
/// Which population member each row of a batch belongs to, and the checks that keep a batch inside the members an
/// evaluation scores and the perturbation covers.
/// </summary>
public sealed class MemberRowsTests
{
    [Fact]
    public void EveryRowBelongsToTheFirstMemberPlusItsPlaceInTheBatch()
    {
        var rows = new MemberRows([2, 0, 3], firstMember: 4);

        Assert.Equal((4, 3, 5), (rows.FirstMember, rows.MemberCount, rows.RowCount));
        Assert.Equal([4, 4, 6, 6, 6], rows.MemberOfRow());
        Assert.Same(rows.MemberOfRow(), rows.MemberOfRow());

        var uniform = MemberRows.Uniform(3, 2, firstMember: 2);
        Assert.Equal([2, 2, 3, 3, 4, 4], uniform.MemberOfRow());
        Assert.Equal((4, 6), (uniform.Start(2), uniform.End(2)));
        Assert.Equal(0, MemberRows.Uniform(0, 5).RowCount);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(-2)]
    public void ABatchMustStartAtAnEvenMember(int firstMember)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new MemberRows([1, 1], firstMember));
        Assert.Equal("firstMember", error.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => MemberRows.Uniform(2, 1, firstMember));
    }

    [Fact]
    public void ANegativeCountOrARowTotalBeyondTheIntegerRangeIsRefused()
    {
        Assert.StartsWith("Member 1 has a negative row count (-1).", Assert.Throws<ArgumentException>(() => new MemberRows([1, -1])).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => MemberRows.Uniform(-1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => MemberRows.Uniform(2, -1));
        Assert.Throws<OverflowException>(() => new MemberRows([int.MaxValue, 1]));
    }

    [Fact]
    public void AForwardPassMayNotReachBeyondThePerturbationsMembers()
    {
        var strategy = Strategy(members: 8);

        Assert.Equal(4, new ForwardContext(MemberRows.Uniform(4, 1, firstMember: 4), strategy).Rows.FirstMember);
        var error = Assert.Throws<ArgumentException>(() => new ForwardContext(MemberRows.Uniform(4, 1, firstMember: 6), strategy));
        Assert.StartsWith("Batch has members [6, 10) but the perturbation covers 8.", error.Message);

        var unperturbed = ForwardContext.Unperturbed(5);
        Assert.Null(unperturbed.Perturbation);
        Assert.Equal((1, 5), (unperturbed.Rows.MemberCount, unperturbed.Rows.RowCount));
    }

    [Fact]
    public void AnEvaluationHandsOutOneContextPerBatchAndCountsTheRowsItEvaluated()
    {
        var evaluation = new PopulationEvaluation(epoch: 5, seed: 9, Strategy(members: 8));
        var batch = MemberRows.Uniform(8, 2);

        var first = evaluation.CreateContext(batch);
        Assert.Same(first, evaluation.CreateContext(batch));
        Assert.Equal(32, evaluation.RowsEvaluated);
        Assert.NotSame(first, evaluation.CreateContext(MemberRows.Uniform(4, 1)));
        Assert.Equal(36, evaluation.RowsEvaluated);
        Assert.Equal((5L, 9UL, 0, 8), (evaluation.Epoch, evaluation.Seed, evaluation.FirstMember, evaluation.MemberCount));
    }

    [Fact]
    public void AnEvaluationRefusesABatchLaidOutFromAnotherMemberOrLargerThanItsRange()
    {
        var evaluation = new PopulationEvaluation(epoch: 0, seed: 9, Strategy(members: 8));
        evaluation.Begin(epoch: 3, firstMember: 2, memberCount: 4);
        Assert.Equal((3L, 2, 4, 0L), (evaluation.Epoch, evaluation.FirstMember, evaluation.MemberCount, evaluation.RowsEvaluated));

        var shifted = Assert.Throws<ArgumentException>(() => evaluation.CreateContext(MemberRows.Uniform(4, 1)));
        Assert.StartsWith("The batch covers members [0, 4) but this evaluation scores [2, 6)", shifted.Message);
        Assert.Throws<ArgumentException>(() => evaluation.CreateContext(MemberRows.Uniform(6, 1, firstMember: 2)));
        Assert.Equal(4, evaluation.CreateContext(MemberRows.Uniform(4, 1, firstMember: 2)).Rows.MemberCount);
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 3)]
    [InlineData(-2, 2)]
    [InlineData(0, -2)]
    [InlineData(6, 4)]
    public void AnEvaluationRangeMustBeWholePairsInsideThePopulation(int firstMember, int memberCount)
    {
        var evaluation = new PopulationEvaluation(epoch: 0, seed: 9, Strategy(members: 8));

        Assert.Throws<ArgumentOutOfRangeException>(() => evaluation.Begin(1, firstMember, memberCount));

        evaluation.Begin(1, 4, 4);
        Assert.Equal((4, 4), (evaluation.FirstMember, evaluation.MemberCount));
    }

    private static LowRankPerturbation Strategy(int members) =>
        new(new ParameterSet([new("w", new Parameter("w", ParameterKind.Matrix, 2, 3))]), 1, members, 0.1f, 1);
}
