using Eggroll.Population;

namespace Eggroll.Tests.Evolution;

/// <summary>
/// A parameter's shape checks, and the set whose order gives each parameter the id that keys its noise: unique names,
/// no parameter twice, the scalar count and the freezing of vectors.
/// </summary>
public sealed class ParameterSetTests
{
    [Fact]
    public void AParameterHoldsRowsTimesColumnsZerosAndHasNoIdUntilASetGivesItOne()
    {
        var matrix = new Parameter("w", ParameterKind.Matrix, 3, 4);
        var vector = Parameter.Vector("b", 5);

        Assert.Equal(new float[12], matrix.Value);
        Assert.Equal((12, 3, 4), (matrix.Count, matrix.Rows, matrix.Cols));
        Assert.Equal((ParameterKind.Vector, 1, 5), (vector.Kind, vector.Rows, vector.Cols));
        Assert.Equal(-1, matrix.Id);
        Assert.False(matrix.Frozen);
    }

    [Fact]
    public void AParameterRefusesABlankNameAnEmptyShapeAndAVectorOfSeveralRows()
    {
        Assert.Throws<ArgumentException>(() => new Parameter(" ", ParameterKind.Matrix, 1, 1));
        Assert.Equal("rows", Assert.Throws<ArgumentOutOfRangeException>(() => new Parameter("w", ParameterKind.Matrix, 0, 2)).ParamName);
        Assert.Equal("cols", Assert.Throws<ArgumentOutOfRangeException>(() => new Parameter("w", ParameterKind.Matrix, 2, 0)).ParamName);

        var vector = Assert.Throws<ArgumentException>(() => new Parameter("b", ParameterKind.Vector, 2, 3));
        Assert.Equal("rows", vector.ParamName);
        Assert.StartsWith("Vector parameter 'b' must have one row, got 2.", vector.Message);

        Assert.Equal(1, new Parameter("w", ParameterKind.Matrix, 1, 1).Count);
        Assert.Throws<OverflowException>(() => new Parameter("w", ParameterKind.Embedding, 65536, 65537));
    }

    [Fact]
    public void TheSetNumbersItsParametersInOrderAndCountsEveryScalar()
    {
        var (w, b, e) = (new Parameter("w", ParameterKind.Matrix, 3, 4), Parameter.Vector("b", 4), new Parameter("e", ParameterKind.Embedding, 10, 2));
        w.Frozen = true;

        var set = new ParameterSet([new("w", w), new("b", b), new("e", e)]);

        Assert.Equal(3, set.Count);
        Assert.Equal((0, 1, 2), (w.Id, b.Id, e.Id));
        Assert.Same(e, set[2].Parameter);
        Assert.Equal(["w", "b", "e"], set.Entries.Select(entry => entry.Name));
        Assert.Equal(12 + 4 + 20, set.ScalarCount);
        var enumerated = new List<string>();
        foreach (var entry in set)
        {
            enumerated.Add(entry.Name);
        }

        Assert.Equal(["w", "b", "e"], enumerated);
    }

    [Fact]
    public void ANameUsedTwiceOrAParameterSharedBetweenTwoNamesIsRefused()
    {
        var w = new Parameter("w", ParameterKind.Matrix, 2, 2);

        var duplicateName = Assert.Throws<ArgumentException>(() => new ParameterSet([new("w", w), new("w", Parameter.Vector("b", 2))]));
        Assert.StartsWith("Duplicate parameter name 'w'.", duplicateName.Message);

        var shared = Assert.Throws<ArgumentException>(() => new ParameterSet([new("w", w), new("tied", w)]));
        Assert.StartsWith("Parameter 'tied' appears twice in the model", shared.Message);

        // Names are compared exactly: "W" is another parameter.
        Assert.Equal(2, new ParameterSet([new("w", w), new("W", Parameter.Vector("W", 2))]).Count);
    }

    [Fact]
    public void FreezingNonMatricesFreezesTheVectorsOnly()
    {
        var (w, b, e) = (new Parameter("w", ParameterKind.Matrix, 3, 4), Parameter.Vector("b", 4), new Parameter("e", ParameterKind.Embedding, 10, 2));
        var set = new ParameterSet([new("w", w), new("b", b), new("e", e)]);

        set.FreezeNonMatrix();

        Assert.Equal((false, true, false), (w.Frozen, b.Frozen, e.Frozen));
    }
}
