using System.Globalization;
using System.Text;
using Eggroll.Numerics;

namespace Eggroll.Cli.Bench;

/// <summary>GFLOP/s of the fp32 product on square and model-shaped sizes, against the machine's theoretical peak.</summary>
internal static class GemmBench
{
    /// <summary>Clock assumed for the peak when the OS does not report one (this machine's nominal clock).</summary>
    private const double DefaultGigahertz = 2.1;

    public static string Run(IReadOnlyList<(string Name, Transpose A, Transpose B, int M, int N, int K)> shapes, int warmup, int repeats, double? gigahertz, List<GemmResult> results)
    {
        double ghz = gigahertz ?? DefaultGigahertz;
        int lanes = System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? 16 : 8;
        double peakPerCore = ghz * 2 * lanes * 2;
        double peak = peakPerCore * Parallelism.MaxThreads;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"peak: {Parallelism.MaxThreads} cores × {ghz} GHz × 2 FMA units × {lanes} lanes × 2 = {peak:F0} GFLOP/s ({peakPerCore:F0} per core)");
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
