using System.Globalization;
using System.Text;
using Eggroll.Numerics;

namespace Eggroll.Cli.Bench;

/// <summary>GFLOP/s of the fp32 product on square and model-shaped sizes, against the machine's theoretical peak.</summary>
internal static class GemmBench
{
    /// <summary>Measures every shape; the peak is measured with <see cref="FmaPeak"/> unless <paramref name="gigahertz"/> is given (then cores × GHz × 2 FMA units × lanes × 2).</summary>
    public static string Run(IReadOnlyList<(string Name, Transpose A, Transpose B, int M, int N, int K)> shapes, int warmup, int repeats, double? gigahertz, List<GemmResult> results)
    {
        int lanes = System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? 16 : 8;
        int threads = Parallelism.MaxThreads;
        double peak = gigahertz is { } ghz ? threads * ghz * 2 * lanes * 2 : FmaPeak.MeasureGflops(threads);
        var text = new StringBuilder();
        string peakLine = gigahertz is null
            ? string.Create(CultureInfo.InvariantCulture, $"peak: {peak:F0} GFLOP/s measured by an FMA loop on {threads} threads ({peak / threads:F0} per core, ≈ {peak / threads / (2 * lanes * 2):F2} GHz × 2 FMA units × {lanes} lanes × 2)")
            : string.Create(CultureInfo.InvariantCulture, $"peak: {threads} cores × {gigahertz} GHz × 2 FMA units × {lanes} lanes × 2 = {peak:F0} GFLOP/s");
        text.AppendLine(peakLine);
        text.AppendLine(CultureInfo.InvariantCulture, $"{"shape",-28} {"median ms",10} {"GFLOP/s",9} {"% peak",7}");
        foreach (var (name, ta, tb, m, n, k) in shapes)
        {
            var a = Filled(m * k, 1);
            var b = Filled(k * n, 2);
            var c = new float[m * n];
            int lda = ta == Transpose.No ? k : m, ldb = tb == Transpose.No ? n : k;
            double seconds = Timing.MedianSeconds(() => Gemm.Multiply(ta, tb, m, n, k, 1f, a, lda, b, ldb, 0f, c, n), warmup, repeats);
            double gflops = 2.0 * m * n * k / seconds / 1e9;
            results.Add(new GemmResult(name, ta == Transpose.Yes, tb == Transpose.Yes, m, n, k, seconds * 1e3, gflops, 100 * gflops / peak));
            text.AppendLine(CultureInfo.InvariantCulture, $"{name,-28} {seconds * 1e3,10:F2} {gflops,9:F1} {100 * gflops / peak,7:F1}");
        }

        return text.ToString();
    }

    private static float[] Filled(int count, int seed)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)Math.Sin((i * 0.013) + seed);
        }

        return values;
    }
}

/// <summary>One measured product: its shape, median time, GFLOP/s and share of the peak.</summary>
internal sealed record GemmResult(string Name, bool TransposeA, bool TransposeB, int M, int N, int K, double MedianMilliseconds, double Gflops, double PercentOfPeak);
