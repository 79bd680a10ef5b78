using System.Numerics.Tensors;

namespace Eggroll.Models.Rwkv;

/// <summary>The RWKV-7 state update and read-out of one head for one token.</summary>
internal static class Wkv7
{
    /// <summary>
    /// S ← S·diag(w) − (S k̂)(k̂⊙a)ᵀ + v kᵀ, then y = S r, where <paramref name="state"/> is the head's N×N S
    /// (row i pairs with value i) and <paramref name="removal"/> is k̂⊙a. The removal term uses S before the decay.
    /// </summary>
    public static void Head(
        ReadOnlySpan<float> r,
        ReadOnlySpan<float> w,
        ReadOnlySpan<float> k,
        ReadOnlySpan<float> v,
        ReadOnlySpan<float> normalisedKey,
        ReadOnlySpan<float> removal,
        Span<float> state,
        Span<float> y)
    {
        int n = r.Length;
        for (int i = 0; i < n; i++)
        {
            var row = state.Slice(i * n, n);
            float recalled = TensorPrimitives.Dot(row, normalisedKey);
            TensorPrimitives.Multiply(row, w, row);
            TensorPrimitives.MultiplyAdd(removal, -recalled, row, row);
            TensorPrimitives.MultiplyAdd(k, v[i], row, row);
            y[i] = TensorPrimitives.Dot(row, r);
        }
    }
}
