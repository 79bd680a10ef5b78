using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Eggroll.Numerics.Int8;

/// <summary>Small exact integer helpers shared by the int8 modules.</summary>
public static class Int8Math
{
    /// <summary>Clamps to the symmetric int8 range [−127, 127] (−128 is never produced, so negation stays in range).</summary>
    public static sbyte Clip(long value) => (sbyte)Math.Clamp(value, -127, 127);

    /// <summary>⌊value / divisor⌋ for a positive divisor (rounds towards −∞, like an arithmetic shift).</summary>
    public static long FloorDivide(long value, long divisor)
    {
        long quotient = Math.DivRem(value, divisor, out long remainder);
        return remainder < 0 ? quotient - 1 : quotient;
    }

    /// <summary>Σ a[i]·b[i] over the common length, exact in int32 for lengths below 133,000; 16 at a time with AVX2 (within the <see cref="KernelFamily.Int8Rows"/> ceiling).</summary>
    public static int Dot(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        int n = Math.Min(a.Length, b.Length), i = 0, sum = 0;
        if (Avx2.IsSupported && n >= 16 && KernelPaths.Allows(KernelFamily.Int8Rows, KernelLevel.Avx2))
        {
            var acc = Vector256<int>.Zero;
            for (; i + 16 <= n; i += 16)
            {
                var x = Avx2.ConvertToVector256Int16(Vector128.Create(a.Slice(i, 16)));
                var y = Avx2.ConvertToVector256Int16(Vector128.Create(b.Slice(i, 16)));
                acc += Avx2.MultiplyAddAdjacent(x, y);
            }

            sum = Vector256.Sum(acc);
        }

        for (; i < n; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>Whether <paramref name="value"/> is a positive power of four.</summary>
    public static bool IsPowerOfFour(int value) => value > 0 && BitOperations.IsPow2(value) && (BitOperations.Log2((uint)value) & 1) == 0;
}
