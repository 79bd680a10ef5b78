using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Eggroll.Numerics;

/// <summary>
/// Noise values stored in 16 bits (docs/algorithm.md §1.6): a value is k·2⁻¹² for an integer k in [−32767, 32767], kept as
/// the 16-bit k. <see cref="Round"/> turns floats into such values (nearest multiple of 2⁻¹², ties to even, then clamped)
/// and stores their k, and the loads give them back as floats, exactly (k converts exactly and 2⁻¹² is a power of two).
/// </summary>
internal static unsafe class Fixed16
{
    /// <summary>Steps per unit: a stored k is the value k / <see cref="StepsPerUnit"/>.</summary>
    public const float StepsPerUnit = 4096f;

    /// <summary>The value of one step, 2⁻¹².</summary>
    public const float Step = 1f / StepsPerUnit;

    /// <summary>The largest |k|.</summary>
    public const float MaxSteps = short.MaxValue;

    /// <summary>
    /// Replaces each value by the nearest multiple of 2⁻¹² (ties to even), clamped to ±32767·2⁻¹², and, unless
    /// <paramref name="steps"/> is empty, stores its k there too; the same values on every path.
    /// </summary>
    public static void Round(Span<float> values, Span<short> steps)
    {
        if (!steps.IsEmpty && steps.Length != values.Length)
        {
            throw new ArgumentException($"Expected {values.Length} steps, got {steps.Length}.", nameof(steps));
        }

        int i = 0;
        if (Avx512F.IsSupported)
        {
            var perUnit = Vector512.Create(StepsPerUnit);
            var step = Vector512.Create(Step);
            var max = Vector512.Create(MaxSteps);
            fixed (float* v = values)
            fixed (short* k = steps)
            {
                for (; i <= values.Length - Vector512<float>.Count; i += Vector512<float>.Count)
                {
                    var rounded = Vector512.Min(Vector512.Max(Vector512.Round(Vector512.Load(v + i) * perUnit), -max), max);
                    (rounded * step).Store(v + i);
                    if (k is not null)
                    {
                        Avx512F.ConvertToVector256Int16(Vector512.ConvertToInt32(rounded)).Store(k + i);
                    }
                }
            }
        }

        for (; i < values.Length; i++)
        {
            float rounded = Math.Clamp(MathF.Round(values[i] * StepsPerUnit), -MaxSteps, MaxSteps);
            values[i] = rounded * Step;
            if (!steps.IsEmpty)
            {
                steps[i] = (short)rounded;
            }
        }
    }

    /// <summary>destination[i] = (k_i·2⁻¹²)·<paramref name="scale"/>: the stored values times the scale, one rounding each.</summary>
    public static void Decode(ReadOnlySpan<short> steps, float scale, Span<float> destination)
    {
        if (destination.Length != steps.Length)
        {
            throw new ArgumentException($"Expected {steps.Length} values, got {destination.Length}.", nameof(destination));
        }

        int i = 0;
        fixed (short* k = steps)
        fixed (float* d = destination)
        {
            var factor = Vector512.Create(scale);
            for (; i <= steps.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                (Load16(k + i) * factor).Store(d + i);
            }

            for (; i < steps.Length; i++)
            {
                d[i] = Element(k[i]) * scale;
            }
        }
    }

    /// <summary>The value of a stored k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Element(short steps) => steps * Step;

    /// <summary>The values of the 16 stored k from <paramref name="source"/> on.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load16(short* source)
    {
        Vector512<int> k;
        if (Avx512F.IsSupported)
        {
            k = Avx512F.ConvertToVector512Int32(Vector256.Load(source));
        }
        else
        {
            var (low, high) = Vector256.Widen(Vector256.Load(source));
            k = Vector512.Create(low, high);
        }

        return Vector512.ConvertToSingle(k) * Vector512.Create(Step);
    }
}
