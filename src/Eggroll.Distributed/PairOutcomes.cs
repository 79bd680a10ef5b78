using System.Buffers.Binary;

namespace Eggroll.Distributed;

/// <summary>
/// The packed wire form of an epoch's scores under pair-sign shaping, where all the update needs of antithetic pair p
/// is sign(f_{2p} − f_{2p+1}): one ternary digit per pair (0: tie, 1: the first member is better, 2: the second is),
/// five digits per byte (3^5 = 243 ≤ 256), digit k of a byte weighing 3^k; unused digits of the last byte are 0.
/// <para>
/// A range's answer (<see cref="PackRange"/>) adds what the coordinator needs to reproduce the one-machine treatment of
/// non-finite scores, which count as the epoch's lowest finite score: the range's lowest finite score (+∞ when it has
/// none), then the pairs (ascending, 4 bytes each) with one non-finite member whose finite member equals that lowest
/// score; their digit says who wins if the range's lowest is not the epoch's, and they tie if it is. The epoch's
/// outcome (<see cref="Pack(ReadOnlySpan{byte})"/>) is the digits alone: ⌈N/10⌉ bytes for N members.
/// </para>
/// </summary>
public static class PairOutcomes
{
    /// <summary>Ternary digits per byte.</summary>
    public const int DigitsPerByte = 5;

    /// <summary>The largest valid byte: five digits of 2.</summary>
    public const byte MaxByte = 242;

    private const byte Tie = 0, FirstWins = 1, SecondWins = 2;

    /// <summary>Bytes holding the digits of <paramref name="pairs"/> pairs.</summary>
    public static int DigitBytes(int pairs) => (pairs + DigitsPerByte - 1) / DigitsPerByte;

    /// <summary>The packed answer for a pair-aligned range with raw scores <paramref name="scores"/>.</summary>
    public static byte[] PackRange(ReadOnlySpan<float> scores)
    {
        if (scores.Length % 2 != 0)
        {
            throw new ArgumentException($"a range of {scores.Length} members is not whole pairs.", nameof(scores));
        }

        float lowest = float.PositiveInfinity;
        foreach (float score in scores)
        {
            if (float.IsFinite(score))
            {
                lowest = Math.Min(lowest, score);
            }
        }

        int pairs = scores.Length / 2;
        var digits = new byte[pairs];
        var undecided = new List<int>();
        for (int p = 0; p < pairs; p++)
        {
            float first = scores[2 * p], second = scores[(2 * p) + 1];
            bool firstFinite = float.IsFinite(first), secondFinite = float.IsFinite(second);
            digits[p] = (firstFinite, secondFinite) switch
            {
                (true, true) => first > second ? FirstWins : first < second ? SecondWins : Tie,
                (false, false) => Tie,
                (false, true) => SecondWins,
                (true, false) => FirstWins,
            };
            if (firstFinite != secondFinite && (firstFinite ? first : second) == lowest)
            {
                undecided.Add(p);
            }
        }

        int digitBytes = DigitBytes(pairs);
        var packed = new byte[digitBytes + sizeof(float) + (sizeof(int) * undecided.Count)];
        Pack(digits, packed.AsSpan(0, digitBytes));
        BinaryPrimitives.WriteSingleLittleEndian(packed.AsSpan(digitBytes), lowest);
        for (int i = 0; i < undecided.Count; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(packed.AsSpan(digitBytes + sizeof(float) + (sizeof(int) * i)), undecided[i]);
        }

        return packed;
    }

    /// <summary>
    /// Reads a range's answer for <paramref name="pairs"/> pairs into <paramref name="digits"/> (one per pair); returns
    /// why it is malformed, or null. <paramref name="lowest"/> and <paramref name="undecided"/> are as in <see cref="PackRange"/>.
    /// </summary>
    public static string? TryReadRange(byte[] packed, int pairs, Span<byte> digits, out float lowest, out int[] undecided)
    {
        ArgumentNullException.ThrowIfNull(packed);
        lowest = float.NaN;
        undecided = [];
        int digitBytes = DigitBytes(pairs), extra = packed.Length - digitBytes - sizeof(float);
        if (extra < 0 || extra % sizeof(int) != 0)
        {
            return $"packed outcomes of {packed.Length} bytes for {pairs} pairs (expected {digitBytes + sizeof(float)} + 4 per undecided pair)";
        }

        if (TryUnpack(packed.AsSpan(0, digitBytes), digits[..pairs]) is { } malformed)
        {
            return malformed;
        }

        lowest = BinaryPrimitives.ReadSingleLittleEndian(packed.AsSpan(digitBytes));
        if (float.IsNaN(lowest) || float.IsNegativeInfinity(lowest))
        {
            return $"lowest finite score {lowest}";
        }

        undecided = new int[extra / sizeof(int)];
        for (int i = 0; i < undecided.Length; i++)
        {
            int pair = BinaryPrimitives.ReadInt32LittleEndian(packed.AsSpan(digitBytes + sizeof(float) + (sizeof(int) * i)));
            if (pair < 0 || pair >= pairs || (i > 0 && pair <= undecided[i - 1]) || digits[pair] == Tie || float.IsInfinity(lowest))
            {
                return $"undecided pair {pair} is out of order, out of range, a tie, or without a finite score";
            }

            undecided[i] = pair;
        }

        return null;
    }

    /// <summary>Packs one digit (0, 1 or 2) per pair into <paramref name="packed"/> (<see cref="DigitBytes"/> bytes).</summary>
    public static void Pack(ReadOnlySpan<byte> digits, Span<byte> packed)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(packed.Length, DigitBytes(digits.Length), nameof(packed));
        for (int b = 0; b < packed.Length; b++)
        {
            int value = 0;
            for (int k = Math.Min(DigitsPerByte, digits.Length - (b * DigitsPerByte)) - 1; k >= 0; k--)
            {
                byte digit = digits[(b * DigitsPerByte) + k];
                ArgumentOutOfRangeException.ThrowIfGreaterThan(digit, SecondWins, nameof(digits));
                value = (value * 3) + digit;
            }

            packed[b] = (byte)value;
        }
    }

    /// <summary>The packed outcome of a whole epoch.</summary>
    public static byte[] Pack(ReadOnlySpan<byte> digits)
    {
        var packed = new byte[DigitBytes(digits.Length)];
        Pack(digits, packed);
        return packed;
    }

    /// <summary>Unpacks one digit per pair of <paramref name="digits"/> from <paramref name="packed"/>; returns why it is malformed (length, a byte over 242, a digit past the last pair), or null.</summary>
    public static string? TryUnpack(ReadOnlySpan<byte> packed, Span<byte> digits)
    {
        if (packed.Length != DigitBytes(digits.Length))
        {
            return $"{packed.Length} packed bytes for {digits.Length} pairs (expected {DigitBytes(digits.Length)})";
        }

        for (int b = 0; b < packed.Length; b++)
        {
            int value = packed[b];
            if (value > MaxByte)
            {
                return $"packed byte {b} is {value} (at most {MaxByte})";
            }

            for (int k = 0; k < DigitsPerByte; k++, value /= 3)
            {
                int pair = (b * DigitsPerByte) + k;
                if (pair < digits.Length)
                {
                    digits[pair] = (byte)(value % 3);
                }
                else if (value != 0)
                {
                    return $"packed byte {b} has digits past pair {digits.Length - 1}";
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Scores for <see cref="Training.Trainer.Apply(ReadOnlySpan{float})"/> that pair-sign shaping turns into exactly the weights of the packed
    /// epoch outcome: (1, 0) when the first member won, (0, 1) when the second did, (0, 0) for a tie.
    /// </summary>
    /// <exception cref="ArgumentException">The outcome is malformed.</exception>
    public static float[] Scores(ReadOnlySpan<byte> packed, int population)
    {
        var digits = new byte[population / 2];
        if (TryUnpack(packed, digits) is { } malformed)
        {
            throw new ArgumentException($"malformed pair outcomes: {malformed}.", nameof(packed));
        }

        var scores = new float[population];
        for (int p = 0; p < digits.Length; p++)
        {
            scores[(2 * p) + (digits[p] == SecondWins ? 1 : 0)] = digits[p] == Tie ? 0f : 1f;
        }

        return scores;
    }
}
