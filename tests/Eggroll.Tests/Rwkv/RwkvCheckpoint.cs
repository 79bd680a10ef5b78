using Eggroll.IO;
using Eggroll.Models.Rwkv;

namespace Eggroll.Tests.Rwkv;

/// <summary>The official RWKV-7 key table, written out independently of the model, and random state dicts in that layout.</summary>
internal static class RwkvCheckpoint
{
    /// <summary>L=2, D=16, N=8 (2 heads), distinct adapter widths so a mix-up shows, F=4D, V=32.</summary>
    public static readonly RwkvConfig Tiny = new(Layers: 2, Width: 16, HeadSize: 8, DecayRank: 4, AdaptRank: 3, ValueRank: 2, GateRank: 5, FfnWidth: 64, Vocabulary: 32);

    /// <summary>Adapters stored [in, out] and used as x·W.</summary>
    public static bool IsAdapter(string key) => key.Split('.')[^1] is "w1" or "w2" or "a1" or "a2" or "v1" or "v2" or "g1" or "g2";

    /// <summary>Every official key with its shape.</summary>
    public static List<(string Key, int[] Shape)> Shapes(RwkvConfig c)
    {
        int d = c.Width;
        int[] vector = [1, 1, d];
        var shapes = new List<(string, int[])> { ("emb.weight", [c.Vocabulary, d]), ("blocks.0.ln0.weight", [d]), ("blocks.0.ln0.bias", [d]) };
        for (int l = 0; l < c.Layers; l++)
        {
            string b = $"blocks.{l}.";
            shapes.AddRange([(b + "ln1.weight", [d]), (b + "ln1.bias", [d]), (b + "ln2.weight", [d]), (b + "ln2.bias", [d])]);
            foreach (var mix in new[] { "x_r", "x_w", "x_k", "x_v", "x_a", "x_g", "w0", "a0", "k_k", "k_a" })
            {
                shapes.Add((b + "att." + mix, vector));
            }

            shapes.AddRange([(b + "att.w1", [d, c.DecayRank]), (b + "att.w2", [c.DecayRank, d]), (b + "att.a1", [d, c.AdaptRank]), (b + "att.a2", [c.AdaptRank, d])]);
            if (l > 0)
            {
                shapes.AddRange([(b + "att.v0", vector), (b + "att.v1", [d, c.ValueRank]), (b + "att.v2", [c.ValueRank, d])]);
            }

            shapes.AddRange([(b + "att.g1", [d, c.GateRank]), (b + "att.g2", [c.GateRank, d]), (b + "att.r_k", [c.Heads, c.HeadSize])]);
            foreach (var linear in new[] { "receptance", "key", "value", "output" })
            {
                shapes.Add((b + "att." + linear + ".weight", [d, d]));
            }

            shapes.AddRange([(b + "att.ln_x.weight", [d]), (b + "att.ln_x.bias", [d])]);
            shapes.AddRange([(b + "ffn.x_k", vector), (b + "ffn.key.weight", [c.FfnWidth, d]), (b + "ffn.value.weight", [d, c.FfnWidth])]);
        }

        shapes.AddRange([("ln_out.weight", [d]), ("ln_out.bias", [d]), ("head.weight", [c.Vocabulary, d])]);
        return shapes;
    }

    /// <summary>A random state dict with values in ranges a trained model could hold.</summary>
    public static Dictionary<string, RawTensor> Random(RwkvConfig config, int seed)
    {
        var dict = new Dictionary<string, RawTensor>();
        var shapes = Shapes(config);
        for (int i = 0; i < shapes.Count; i++)
        {
            var (key, shape) = shapes[i];
            int count = shape.Aggregate(1, (a, b) => a * b);
            var random = new Random(seed * 1000 + i);
            var values = new float[count];
            for (int j = 0; j < count; j++)
            {
                values[j] = Draw(key, shape, random.NextDouble());
            }

            dict[key] = RawTensor.FromFloat(key, shape, values);
        }

        return dict;
    }

    private static float Draw(string key, int[] shape, double u)
    {
        string name = key.Replace(".weight", "", StringComparison.Ordinal).Split('.')[^1];
        double value = name switch
        {
            "x_r" or "x_w" or "x_k" or "x_v" or "x_a" or "x_g" => u,
            "w0" => -3 + 4 * u,
            "a0" or "v0" or "r_k" or "bias" => u - 0.5,
            "k_k" => 0.5 + 0.5 * u,
            "k_a" => 0.5 + u,
            "ln0" or "ln1" or "ln2" or "ln_x" or "ln_out" => 0.8 + 0.4 * u,
            "emb" => 2 * u - 1,
            _ => (2 * u - 1) * 1.5 / Math.Sqrt(shape.Max()),
        };
        return (float)value;
    }
}
