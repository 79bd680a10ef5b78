using Eggroll.Models.Rwkv;

namespace Eggroll.Tests.Rwkv;

/// <summary>
/// RWKV-7 for one sequence written straight from the equations: double precision, plain loops, weights in
/// checkpoint layout (Linear weights [out, in] used as W x, adapters [in, out] used as x W).
/// </summary>
internal sealed class RwkvReference
{
    private readonly RwkvConfig c;
    private readonly IReadOnlyDictionary<string, double[]> p;
    private readonly double[][] timeShift, channelShift;
    private readonly double[][] wkv;

    public RwkvReference(RwkvConfig config, IReadOnlyDictionary<string, double[]> weights)
    {
        c = config;
        p = weights;
        timeShift = Zeros(c.Layers, c.Width);
        channelShift = Zeros(c.Layers, c.Width);
        wkv = Zeros(c.Layers, c.Heads * c.HeadSize * c.HeadSize);
    }

    public static Dictionary<string, double[]> Weights(IReadOnlyDictionary<string, Eggroll.IO.RawTensor> stateDict) =>
        stateDict.ToDictionary(e => e.Key, e => e.Value.ToFloat().Select(v => (double)v).ToArray());

    /// <summary>Feeds one token and returns the logits.</summary>
    public double[] Step(int token)
    {
        int d = c.Width;
        var x = LayerNorm(p["emb.weight"].AsSpan(token * d, d).ToArray(), "blocks.0.ln0");
        double[] valueFirst = [];
        for (int l = 0; l < c.Layers; l++)
        {
            string b = $"blocks.{l}.";
            Add(x, TimeMix(l, LayerNorm(x, b + "ln1"), ref valueFirst));
            Add(x, ChannelMix(l, LayerNorm(x, b + "ln2")));
        }

        return Linear(p["head.weight"], LayerNorm(x, "ln_out"));
    }

    /// <summary>Block <paramref name="l"/>'s time mix for one token (x is the ln1 output), advancing its token shift and WKV state.</summary>
    public double[] TimeMix(int l, double[] x, ref double[] valueFirst)
    {
        string a = $"blocks.{l}.att.";
        int d = c.Width, n = c.HeadSize;
        var xx = new double[d];
        for (int i = 0; i < d; i++)
        {
            xx[i] = timeShift[l][i] - x[i];
        }

        timeShift[l] = (double[])x.Clone();
        double[] Mixed(string mu) => x.Select((xi, i) => xi + xx[i] * p[a + mu][i]).ToArray();
        var xr = Mixed("x_r");
        var xw = Mixed("x_w");
        var xk = Mixed("x_k");
        var xv = Mixed("x_v");
        var xa = Mixed("x_a");
        var xg = Mixed("x_g");

        var r = Linear(p[a + "receptance.weight"], xr);
        var k = Linear(p[a + "key.weight"], xk);
        var v = Linear(p[a + "value.weight"], xv);
        var decayInner = TimesW(TimesW(xw, p[a + "w1"], c.DecayRank).Select(Math.Tanh).ToArray(), p[a + "w2"], d);
        var w = decayInner.Select((z, i) => Math.Exp(-Math.Exp(-0.5) * Sigmoid(p[a + "w0"][i] + z))).ToArray();
        var rate = TimesW(TimesW(xa, p[a + "a1"], c.AdaptRank), p[a + "a2"], d).Select((z, i) => Sigmoid(p[a + "a0"][i] + z)).ToArray();
        if (l == 0)
        {
            valueFirst = (double[])v.Clone();
        }
        else
        {
            var gate = TimesW(TimesW(xv, p[a + "v1"], c.ValueRank), p[a + "v2"], d);
            for (int i = 0; i < d; i++)
            {
                v[i] += (valueFirst[i] - v[i]) * Sigmoid(p[a + "v0"][i] + gate[i]);
            }
        }

        var g = TimesW(TimesW(xg, p[a + "g1"], c.GateRank).Select(Sigmoid).ToArray(), p[a + "g2"], d);

        var y = new double[d];
        for (int h = 0; h < c.Heads; h++)
        {
            int o = h * n;
            var kk = new double[n];
            var kw = new double[n];
            for (int j = 0; j < n; j++)
            {
                kk[j] = k[o + j] * p[a + "k_k"][o + j];
                kw[j] = k[o + j] * (1 + (rate[o + j] - 1) * p[a + "k_a"][o + j]);
            }

            double norm = Math.Max(Math.Sqrt(kk.Sum(z => z * z)), 1e-12);
            for (int j = 0; j < n; j++)
            {
                kk[j] /= norm;
            }

            var s = wkv[l];
            int sOffset = h * n * n;
            var updated = new double[n * n];
            for (int i = 0; i < n; i++)
            {
                double sk = 0;
                for (int m = 0; m < n; m++)
                {
                    sk += s[sOffset + i * n + m] * kk[m];
                }

                for (int j = 0; j < n; j++)
                {
                    updated[i * n + j] = s[sOffset + i * n + j] * w[o + j] - sk * kk[j] * rate[o + j] + v[o + i] * kw[j];
                }
            }

            Array.Copy(updated, 0, s, sOffset, n * n);
            var yh = new double[n];
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    yh[i] += updated[i * n + j] * r[o + j];
                }
            }

            double mean = yh.Average();
            double variance = yh.Sum(z => (z - mean) * (z - mean)) / n;
            double bonus = 0;
            for (int j = 0; j < n; j++)
            {
                bonus += r[o + j] * kw[j] * p[a + "r_k"][o + j];
            }

            for (int i = 0; i < n; i++)
            {
                double normed = (yh[i] - mean) / Math.Sqrt(variance + 64e-5) * p[a + "ln_x.weight"][o + i] + p[a + "ln_x.bias"][o + i];
                y[o + i] = (normed + bonus * v[o + i]) * g[o + i];
            }
        }

        return Linear(p[a + "output.weight"], y);
    }

    /// <summary>Block <paramref name="l"/>'s channel mix for one token (x is the ln2 output), advancing its token shift.</summary>
    public double[] ChannelMix(int l, double[] x)
    {
        string f = $"blocks.{l}.ffn.";
        var mixed = x.Select((xi, i) => xi + (channelShift[l][i] - xi) * p[f + "x_k"][i]).ToArray();
        channelShift[l] = (double[])x.Clone();
        var hidden = Linear(p[f + "key.weight"], mixed).Select(z => Math.Pow(Math.Max(z, 0), 2)).ToArray();
        return Linear(p[f + "value.weight"], hidden);
    }

    private double[] LayerNorm(double[] x, string prefix)
    {
        double mean = x.Average();
        double variance = x.Sum(z => (z - mean) * (z - mean)) / x.Length;
        return x.Select((z, i) => (z - mean) / Math.Sqrt(variance + 1e-5) * p[prefix + ".weight"][i] + p[prefix + ".bias"][i]).ToArray();
    }

    /// <summary>W x for W [out, in].</summary>
    private static double[] Linear(double[] w, double[] x)
    {
        var y = new double[w.Length / x.Length];
        for (int o = 0; o < y.Length; o++)
        {
            for (int j = 0; j < x.Length; j++)
            {
                y[o] += w[o * x.Length + j] * x[j];
            }
        }

        return y;
    }

    /// <summary>x W for W [in, out].</summary>
    private static double[] TimesW(double[] x, double[] w, int outputs)
    {
        var y = new double[outputs];
        for (int j = 0; j < x.Length; j++)
        {
            for (int o = 0; o < outputs; o++)
            {
                y[o] += x[j] * w[j * outputs + o];
            }
        }

        return y;
    }

    private static void Add(double[] x, double[] dx)
    {
        for (int i = 0; i < x.Length; i++)
        {
            x[i] += dx[i];
        }
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    private static double[][] Zeros(int count, int length) => Enumerable.Range(0, count).Select(_ => new double[length]).ToArray();
}
