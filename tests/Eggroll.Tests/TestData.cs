using Eggroll.Numerics;

namespace Eggroll.Tests;

/// <summary>Deterministic random inputs for tests.</summary>
internal static class TestData
{
    public static float[] Uniform(int count, int seed, float scale = 1f)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)((random.NextDouble() * 2 - 1) * scale);
        }

        return values;
    }

    public static Matrix Matrix(int rows, int cols, int seed, float scale = 1f) => new(rows, cols, Uniform(rows * cols, seed, scale));

    public static void Fill(float[] destination, int seed, float scale = 1f) => Uniform(destination.Length, seed, scale).CopyTo(destination, 0);

    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            float bound = tolerance * Math.Max(1f, Math.Abs(expected[i]));
            Assert.True(Math.Abs(expected[i] - actual[i]) <= bound, $"element {i}: expected {expected[i]}, got {actual[i]}");
        }
    }
}
