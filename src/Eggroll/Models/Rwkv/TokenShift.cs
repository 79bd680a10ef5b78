using System.Numerics.Tensors;
using Eggroll.Numerics;

namespace Eggroll.Models.Rwkv;

/// <summary>
/// RWKV's token shift: with xx = x_prev − x, each mix is x + xx⊙μ. x_prev is the previous token's input
/// of the same sub-block (zero at the start of a sequence), kept per row in <c>shift</c> and replaced by x.
/// </summary>
internal static class TokenShift
{
    /// <summary>Writes x + (x_prev − x)⊙μ_m into <paramref name="mixes"/>[m] for every row, then stores x as the next x_prev.</summary>
    public static void Mix(Matrix x, float[] shift, MemberVector[] mus, Matrix[] mixes)
    {
        int width = x.Cols;
        Span<float> difference = width <= 1024 ? stackalloc float[width] : new float[width];
        for (int i = 0; i < x.Rows; i++)
        {
            var current = x.Row(i);
            var previous = shift.AsSpan(i * width, width);
            TensorPrimitives.Subtract(previous, current, difference);
            for (int m = 0; m < mus.Length; m++)
            {
                TensorPrimitives.MultiplyAdd(difference, mus[m].ForRow(i), current, mixes[m].Row(i));
            }

            current.CopyTo(previous);
        }
    }
}
