using Eggroll.Numerics;

namespace Eggroll.Tests.Numerics;

/// <summary>The row-major layout of <see cref="Matrix"/>, its argument checks and the buffer reuse the layers rely on.</summary>
public sealed class MatrixTests
{
    [Fact]
    public void ElementIJIsValueIRowsTimesColumnsPlusJOfTheBackingArray()
    {
        float[] data = Enumerable.Range(0, 20).Select(i => (float)i).ToArray();
        var matrix = new Matrix(3, 4, data);

        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                Assert.Equal((i * 4) + j, matrix[i, j]);
            }
        }

        Assert.Equal([8f, 9f, 10f, 11f], matrix.Row(2).ToArray());
        Assert.Equal(data[..12], matrix.Values.ToArray());
        matrix[1, 2] = -1f;
        Assert.Equal(-1f, data[6]);
    }

    [Fact]
    public void ANewMatrixIsZeroAndExactlyItsSize()
    {
        var matrix = new Matrix(2, 3);

        Assert.Equal((2, 3), (matrix.Rows, matrix.Cols));
        Assert.Equal(new float[6], matrix.Data);
        Assert.Empty(new Matrix(0, 5).Data);
    }

    [Fact]
    public void TheConstructorRefusesNegativeSizesAMissingArrayAndAShortOne()
    {
        Assert.Equal("rows", Assert.Throws<ArgumentOutOfRangeException>(() => new Matrix(-1, 2, new float[4])).ParamName);
        Assert.Equal("cols", Assert.Throws<ArgumentOutOfRangeException>(() => new Matrix(2, -1, new float[4])).ParamName);
        Assert.Equal("data", Assert.Throws<ArgumentNullException>(() => new Matrix(2, 2, null!)).ParamName);

        var shortArray = Assert.Throws<ArgumentException>(() => new Matrix(3, 4, new float[11]));
        Assert.Equal("data", shortArray.ParamName);
        Assert.StartsWith("Backing array holds 11 values; a 3×4 matrix needs 12.", shortArray.Message);

        Assert.Equal(12, new Matrix(3, 4, new float[12]).Values.Length);
    }

    [Fact]
    public void ASizeBeyondTheIntegerRangeOverflowsInsteadOfWrappingAround()
    {
        // 65536 · 65537 wraps to 65536 in 32 bits, a small array that would then be refused as too short.
        Assert.Throws<OverflowException>(() => new Matrix(65536, 65537));
    }

    [Fact]
    public void ReuseReshapesABufferLargeEnoughAndOtherwiseAllocates()
    {
        var buffer = new Matrix(4, 5);

        var same = Matrix.Reuse(buffer, 2, 10);
        Assert.Same(buffer, same);
        Assert.Equal((2, 10), (same.Rows, same.Cols));

        var smaller = Matrix.Reuse(buffer, 3, 3);
        Assert.Same(buffer, smaller);
        Assert.Equal((3, 3), (smaller.Rows, smaller.Cols));
        Assert.Equal(20, smaller.Data.Length);

        var larger = Matrix.Reuse(buffer, 3, 7);
        Assert.NotSame(buffer, larger);
        Assert.Equal((3, 7, 21), (larger.Rows, larger.Cols, larger.Data.Length));
        Assert.Equal((3, 3), (buffer.Rows, buffer.Cols));

        var fresh = Matrix.Reuse(null, 2, 3);
        Assert.Equal((2, 3, 6), (fresh.Rows, fresh.Cols, fresh.Data.Length));
    }
}
