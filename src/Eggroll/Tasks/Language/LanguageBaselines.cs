using System.IO.Compression;

namespace Eggroll.Tasks.Language;

/// <summary>
/// Reference bits per byte of simple models fitted on a training split: unigram with add-one
/// smoothing, bigram smoothed towards that unigram (p(b | a) = (c(a, b) + β·p₁(b)) / (c(a) + β), β = 1),
/// and the size of each split compressed alone by .NET's Deflate at <see cref="CompressionLevel.SmallestSize"/>
/// in a gzip container (comparable with, but not byte-identical to, <c>gzip -9</c>).
/// </summary>
public sealed class LanguageBaselines
{
    private const double Beta = 1.0;
    private readonly double[] unigram = new double[256];
    private readonly long[,] pairCounts = new long[256, 256];
    private readonly long[] contextCounts = new long[256];

    /// <summary>Fits the unigram and bigram on <paramref name="train"/>.</summary>
    public LanguageBaselines(ReadOnlySpan<byte> train)
    {
        var counts = new long[256];
        foreach (byte b in train)
        {
            counts[b]++;
        }

        for (int b = 0; b < 256; b++)
        {
            unigram[b] = (counts[b] + 1.0) / (train.Length + 256.0);
        }

        for (int i = 1; i < train.Length; i++)
        {
            pairCounts[train[i - 1], train[i]]++;
            contextCounts[train[i - 1]]++;
        }
    }

    /// <summary>Mean −log₂ p₁(b) over <paramref name="bytes"/>.</summary>
    public double UnigramBits(ReadOnlySpan<byte> bytes)
    {
        double sum = 0;
        foreach (byte b in bytes)
        {
            sum -= Math.Log2(unigram[b]);
        }

        return sum / bytes.Length;
    }

    /// <summary>Mean −log₂ p(b_i | b_{i−1}) over <paramref name="bytes"/> (the first byte by the unigram).</summary>
    public double BigramBits(ReadOnlySpan<byte> bytes)
    {
        double sum = -Math.Log2(unigram[bytes[0]]);
        for (int i = 1; i < bytes.Length; i++)
        {
            byte a = bytes[i - 1], b = bytes[i];
            sum -= Math.Log2((pairCounts[a, b] + (Beta * unigram[b])) / (contextCounts[a] + Beta));
        }

        return sum / bytes.Length;
    }

    /// <summary>8 × (gzip size at SmallestSize) / length of <paramref name="bytes"/>.</summary>
    public static double GzipBits(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return 8.0 * output.Length / bytes.Length;
    }
}
