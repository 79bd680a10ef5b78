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
}
