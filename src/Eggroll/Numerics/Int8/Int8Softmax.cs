namespace Eggroll.Numerics.Int8;

/// <summary>
/// Base-2 log-softmax from lookup tables. A logit l (4 fraction bits) stands for the weight 2^(l/16).
/// The loss of target y is log₂ Σ_j 2^((l_j − l_y)/16) bits, computed in Q8 (1/256 bit) without
/// floating point: with m = max l, S = Σ_j Exp[m − l_j] where Exp[d] = round(2^16 · 2^(−d/16))
/// (d = 0..254), and log₂ S = e + Log[mantissa]/256 where e = ⌊log₂ S⌋ and Log[i] = round(256·log₂(1 + i/256))
/// indexes the 8 bits below the leading one. Loss = 256·(e − 16) + Log[i] + 16·(m − l_y).
/// </summary>
public static class Int8Softmax
{
    /// <summary>Units of the loss per bit.</summary>
    public const int LossScale = 256;

    private static readonly int[] Exp = CreateExp();
    private static readonly int[] Log = CreateLog();

    /// <summary>The loss in 1/256 bit of predicting <paramref name="target"/> from <paramref name="logits"/>.</summary>
    public static int LossQ8(ReadOnlySpan<sbyte> logits, int target)
    {
        int max = -128;
        foreach (sbyte l in logits)
        {
            max = Math.Max(max, l);
        }

        int sum = 0;
        foreach (sbyte l in logits)
        {
            sum += Exp[max - l];
        }

        int exponent = System.Numerics.BitOperations.Log2((uint)sum);
        int mantissa = exponent >= 8 ? (sum >> (exponent - 8)) & 0xFF : (sum << (8 - exponent)) & 0xFF;
        return (LossScale * (exponent - 16)) + Log[mantissa] + (16 * (max - logits[target]));
    }

    private static int[] CreateExp()
    {
        var table = new int[255];
        for (int d = 0; d < table.Length; d++)
        {
            table[d] = (int)Math.Round(65536.0 * Math.Pow(2, -d / 16.0));
        }

        return table;
    }

    private static int[] CreateLog()
    {
        var table = new int[256];
        for (int i = 0; i < table.Length; i++)
        {
            table[i] = (int)Math.Round(256 * Math.Log2(1 + (i / 256.0)));
        }

        return table;
    }
}
