using System.Numerics.Tensors;

namespace Eggroll.Models.Rwkv;

/// <summary>The per-head pieces of the RWKV-7 time mix around the WKV update, shared by the token-by-token model and the sequence backprop.</summary>
internal static class RwkvHeadMath
{
    /// <summary>ε of the head-wise group norm (ln_x).</summary>
    public const float GroupNormEpsilon = 64e-5f;

    /// <summary>−e^(−0.5): the decay is w = exp(DecayScale · sigmoid(…)).</summary>
    public static readonly float DecayScale = -(float)Math.Exp(-0.5);

    /// <summary>
    /// Writes k̂ = k⊙k_k / max(‖k⊙k_k‖₂, 1e-12) into <paramref name="normalisedKey"/> and k̂⊙a into
    /// <paramref name="removal"/>, then turns <paramref name="key"/> into the written key k⊙(1 + (a − 1)⊙k_a).
    /// Returns the divisor max(‖k⊙k_k‖₂, 1e-12).
    /// </summary>
    public static float PrepareKeys(Span<float> key, ReadOnlySpan<float> keyScale, ReadOnlySpan<float> rate, ReadOnlySpan<float> keyAdapt, Span<float> normalisedKey, Span<float> removal)
    {
        TensorPrimitives.Multiply(key, keyScale, normalisedKey);
        float norm = MathF.Max(MathF.Sqrt(TensorPrimitives.SumOfSquares(normalisedKey)), 1e-12f);
        TensorPrimitives.Divide(normalisedKey, norm, normalisedKey);
        TensorPrimitives.Multiply(normalisedKey, rate, removal);
        for (int j = 0; j < key.Length; j++)
        {
            key[j] *= 1 + ((rate[j] - 1) * keyAdapt[j]);
        }

        return norm;
    }

    /// <summary>Normalises one head's read-out in place to zero mean and unit variance (ε 64e-5), then applies gain and shift.</summary>
    public static void GroupNormalise(Span<float> y, ReadOnlySpan<float> gain, ReadOnlySpan<float> shift)
    {
        float mean = TensorPrimitives.Sum(y) / y.Length;
        TensorPrimitives.Subtract(y, mean, y);
        float variance = TensorPrimitives.SumOfSquares(y) / y.Length;
        TensorPrimitives.Multiply(y, 1f / MathF.Sqrt(variance + GroupNormEpsilon), y);
        TensorPrimitives.MultiplyAdd(y, gain, shift, y);
    }

    /// <summary>The bonus weight Σ r⊙k⊙r_k of one head (k the written key).</summary>
    public static float BonusWeight(ReadOnlySpan<float> r, ReadOnlySpan<float> key, ReadOnlySpan<float> bonus)
    {
        float weight = 0;
        for (int j = 0; j < r.Length; j++)
        {
            weight += r[j] * key[j] * bonus[j];
        }

        return weight;
    }
}
