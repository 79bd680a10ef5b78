using System.Numerics.Tensors;

namespace Eggroll.Numerics;

/// <summary>Small vector kernels (dot products, scaled adds) used by the low-rank and update paths.</summary>
internal static class VectorOps
{
    /// <summary>Σ x[i]·y[i].</summary>
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y) => TensorPrimitives.Dot(x, y);

    /// <summary>y[i] += alpha·x[i].</summary>
    public static void AddScaled(ReadOnlySpan<float> x, float alpha, Span<float> y) => TensorPrimitives.MultiplyAdd(x, alpha, y, y);

    /// <summary>x[i] *= alpha.</summary>
    public static void Scale(Span<float> x, float alpha) => TensorPrimitives.Multiply(x, alpha, x);

    /// <summary>True when no x[i] is NaN or ±∞ (x − x is 0 for every finite x and NaN otherwise).</summary>
    public static bool AllFinite(ReadOnlySpan<float> x)
    {
        var sum = System.Numerics.Vector<float>.Zero;
        int i = 0;
        for (; i <= x.Length - System.Numerics.Vector<float>.Count; i += System.Numerics.Vector<float>.Count)
        {
            var v = new System.Numerics.Vector<float>(x[i..]);
            sum += v - v;
        }

        float tail = 0f;
        for (; i < x.Length; i++)
        {
            tail += x[i] - x[i];
        }

        return System.Numerics.Vector.Dot(sum, System.Numerics.Vector<float>.One) + tail == 0f;
    }
}
