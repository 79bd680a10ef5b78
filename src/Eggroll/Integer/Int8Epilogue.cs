using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Eggroll.Integer;

/// <summary>
/// The row epilogue of <see cref="Int8Linear"/> on 16 int32 lanes (AVX-512F) for the common case: rank ≤ 1
/// and in ≤ 1024, where every intermediate provably fits in int32 (|u·a| ≤ 127²·1024·127 &lt; 2^31), and a
/// power-of-four input count, where the rescale is a shift. Bit-identical to the scalar int64 path.
/// </summary>
internal static class Int8Epilogue
{
    /// <summary>Largest input count the int32 path accepts.</summary>
    public const int MaxInputs = 1024;

    /// <summary>Whether the vector path can run for a matrix with <paramref name="inputs"/> inputs and factors of <paramref name="rank"/>.</summary>
    public static bool Applies(int inputs, int rank) =>
        Avx512F.IsSupported && inputs <= MaxInputs && rank <= 1 && Int8Math.IsPowerOfFour(inputs);

    /// <summary>output[j] = clip((acc[j] + ((u·a[j]) &gt;&gt; correctionShift)) &gt;&gt; outputShift); a may be empty when u = 0.</summary>
    public static unsafe void Apply(ReadOnlySpan<int> acc, int u, ReadOnlySpan<sbyte> a, int correctionShift, int outputShift, Span<sbyte> output)
    {
        int n = acc.Length, j = 0;
        var low = Vector512.Create(-127);
        var factor = Vector512.Create(u);
        fixed (int* pAcc = acc)
        fixed (sbyte* pa = a, po = output)
        {
            for (; j + 16 <= n; j += 16)
            {
                var sum = Vector512.Load(pAcc + j);
                if (u != 0)
                {
                    var noise = Avx512F.ConvertToVector512Int32(Vector128.Load(pa + j));
                    sum += Vector512.ShiftRightArithmetic(noise * factor, correctionShift);
                }

                var scaled = Vector512.Max(Vector512.ShiftRightArithmetic(sum, outputShift), low);
                Avx512F.ConvertToVector128SByteWithSaturation(scaled).Store(po + j);
            }
        }

        for (; j < n; j++)
        {
            int correction = u == 0 ? 0 : (u * a[j]) >> correctionShift;
            output[j] = Int8Math.Clip((acc[j] + correction) >> outputShift);
        }
    }
}
