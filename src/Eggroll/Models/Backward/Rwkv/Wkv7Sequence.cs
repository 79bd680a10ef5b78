using System.Numerics.Tensors;
using Eggroll.Models.Rwkv;
using Eggroll.Numerics;

namespace Eggroll.Models.Backward.Rwkv;

/// <summary>
/// The WKV-7 recurrence over whole sequences (row = sequence·steps + t), keeping every step's state, and its
/// backward pass through time. Per head S_t = S_{t−1}·diag(w) − (S_{t−1} k̂)(k̂⊙a)ᵀ + v kᵀ and y = S_t r, from S = 0.
/// </summary>
internal static class Wkv7Sequence
{
    /// <summary>
    /// Runs every (sequence, head) from the zero state, writing y (rows×D) and, in <paramref name="states"/>
    /// (rows × D·N), the state after each step, head h at offset h·N².
    /// </summary>
    public static void Forward(int steps, int headSize, WkvInputs inputs, float[] states, Matrix output)
    {
        int n = headSize, width = output.Cols, heads = width / n, stateWidth = width * n;
        Parallelism.For(output.Rows / steps * heads, job =>
        {
            int first = job / heads * steps, start = job % heads * n;
            for (int row = first; row < first + steps; row++)
            {
                var state = states.AsSpan((row * stateWidth) + (start * n), n * n);
                if (row == first)
                {
                    state.Clear();
                }
                else
                {
                    states.AsSpan(((row - 1) * stateWidth) + (start * n), n * n).CopyTo(state);
                }

                Wkv7.Head(
                    inputs.Receptance.Row(row).Slice(start, n),
                    inputs.Decay.Row(row).Slice(start, n),
                    inputs.Key.Row(row).Slice(start, n),
                    inputs.Value.Row(row).Slice(start, n),
                    inputs.NormalisedKey.Row(row).Slice(start, n),
                    inputs.Removal.Row(row).Slice(start, n),
                    state,
                    output.Row(row).Slice(start, n));
            }
        });
    }

    /// <summary>
    /// Back-propagates dy through every step, last to first, writing (overwriting) the gradients of r, w, k, v, k̂
    /// and the removal vector k̂⊙a in <paramref name="gradients"/>; the gradient of the state is carried backwards.
    /// </summary>
    public static void Backward(int steps, int headSize, WkvInputs inputs, float[] states, Matrix outputGradient, WkvInputs gradients)
    {
        int n = headSize, width = outputGradient.Cols, heads = width / n, stateWidth = width * n;
        Parallelism.For(outputGradient.Rows / steps * heads, job =>
        {
            int first = job / heads * steps, start = job % heads * n;
            var ds = new float[n * n];
            var dq = new float[n];
            for (int row = first + steps - 1; row >= first; row--)
            {
                var state = states.AsSpan((row * stateWidth) + (start * n), n * n);
                var previous = row == first ? Span<float>.Empty : states.AsSpan(((row - 1) * stateWidth) + (start * n), n * n);
                var r = inputs.Receptance.Row(row).Slice(start, n);
                var w = inputs.Decay.Row(row).Slice(start, n);
                var k = inputs.Key.Row(row).Slice(start, n);
                var v = inputs.Value.Row(row).Slice(start, n);
                var kHat = inputs.NormalisedKey.Row(row).Slice(start, n);
                var removal = inputs.Removal.Row(row).Slice(start, n);
                var dy = outputGradient.Row(row).Slice(start, n);
                var dr = gradients.Receptance.Row(row).Slice(start, n);
                var dw = gradients.Decay.Row(row).Slice(start, n);
                var dk = gradients.Key.Row(row).Slice(start, n);
                var dv = gradients.Value.Row(row).Slice(start, n);
                var dkHat = gradients.NormalisedKey.Row(row).Slice(start, n);
                var dRemoval = gradients.Removal.Row(row).Slice(start, n);
                dr.Clear();
                dw.Clear();
                dk.Clear();
                dkHat.Clear();
                dRemoval.Clear();
                for (int i = 0; i < n; i++)
                {
                    var dsRow = ds.AsSpan(i * n, n);
                    var sRow = state.Slice(i * n, n);
                    TensorPrimitives.MultiplyAdd(r, dy[i], dsRow, dsRow);
                    TensorPrimitives.MultiplyAdd(sRow, dy[i], dr, dr);
                    dv[i] = TensorPrimitives.Dot(dsRow, k);
                    TensorPrimitives.MultiplyAdd(dsRow, v[i], dk, dk);
                    dq[i] = -TensorPrimitives.Dot(dsRow, removal);
                    if (!previous.IsEmpty)
                    {
                        var pRow = previous.Slice(i * n, n);
                        float recalled = TensorPrimitives.Dot(pRow, kHat);
                        for (int j = 0; j < n; j++)
                        {
                            dw[j] += pRow[j] * dsRow[j];
                        }

                        TensorPrimitives.MultiplyAdd(dsRow, -recalled, dRemoval, dRemoval);
                        TensorPrimitives.MultiplyAdd(pRow, dq[i], dkHat, dkHat);
                    }

                    TensorPrimitives.Multiply(dsRow, w, dsRow);
                    TensorPrimitives.MultiplyAdd(kHat, dq[i], dsRow, dsRow);
                }
            }
        });
    }
}

/// <summary>The per-step inputs of the WKV-7 recurrence (each rows×D), or their gradients.</summary>
/// <param name="Receptance">r.</param>
/// <param name="Decay">w, in (0, 1).</param>
/// <param name="Key">The written key k.</param>
/// <param name="Value">v.</param>
/// <param name="NormalisedKey">The removal key k̂.</param>
/// <param name="Removal">k̂⊙a.</param>
internal sealed record WkvInputs(Matrix Receptance, Matrix Decay, Matrix Key, Matrix Value, Matrix NormalisedKey, Matrix Removal);
