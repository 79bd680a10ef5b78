using Eggroll.Noise;
using Eggroll.Numerics.Int8;
using Eggroll.Population;

namespace Eggroll.Models.Egg;

/// <summary>
/// The EGG language model of docs/algorithm.md §4.6, all int8 with 4 fraction bits: byte embedding (256 × D), then per
/// layer gate and candidate matrices of the recurrent cell (D × D each), the MLP (4D × D up, D × 4D
/// down), and the head (256 × D). Parameters are in that order; a parameter's index is its noise key.
/// </summary>
public sealed class EggModel
{
    /// <summary>Matrices per layer: gate, candidate, up, down.</summary>
    public const int PerLayer = 4;

    /// <summary>Gaussian stream tag of the initial weights (where noise streams put the noise epoch).</summary>
    private const uint InitTag = 0xFFFF_FFFE;

    private EggModel(EggConfig config, IReadOnlyList<Int8Parameter> parameters)
    {
        Config = config;
        Parameters = parameters;
    }

    /// <summary>The model's shape.</summary>
    public EggConfig Config { get; }

    /// <summary>All matrices: embedding, then gate, candidate, up, down of each layer, then head.</summary>
    public IReadOnlyList<Int8Parameter> Parameters { get; }

    /// <summary>The byte embedding.</summary>
    public Int8Parameter Embedding => Parameters[0];

    /// <summary>The output head.</summary>
    public Int8Parameter Head => Parameters[^1];

    /// <summary>Number of weights.</summary>
    public long WeightCount => Parameters.Sum(p => (long)p.Value.Length);

    /// <summary>Creates the model with weights round(16·z), z standard normal from (seed, parameter index).</summary>
    public static EggModel Create(EggConfig config, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate("model.");
        return FromValues(config, Shapes(config).Select((shape, key) => Initial(seed, key, shape.Rows * shape.Columns)).ToList());
    }

    /// <summary>Creates the model from stored values, in the order of <see cref="Shapes"/>.</summary>
    /// <exception cref="ArgumentException">The count or a size of the values does not match the shapes.</exception>
    public static EggModel FromValues(EggConfig config, IReadOnlyList<sbyte[]> values)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(values);
        var shapes = Shapes(config);
        if (values.Count != shapes.Count)
        {
            throw new ArgumentException($"The model has {shapes.Count} parameters, got {values.Count}.", nameof(values));
        }

        return new EggModel(config, shapes.Select((s, key) => new Int8Parameter(s.Name, key, s.Rows, s.Columns, values[key])).ToList());
    }

    /// <summary>Names and shapes of the parameters of a model of <paramref name="config"/>.</summary>
    public static IReadOnlyList<(string Name, int Rows, int Columns)> Shapes(EggConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        int d = config.Width;
        var shapes = new List<(string, int, int)> { ("embedding", EggConfig.Vocabulary, d) };
        for (int l = 0; l < config.Layers; l++)
        {
            shapes.Add(($"layers.{l}.gate", d, d));
            shapes.Add(($"layers.{l}.candidate", d, d));
            shapes.Add(($"layers.{l}.up", 4 * d, d));
            shapes.Add(($"layers.{l}.down", d, 4 * d));
        }

        shapes.Add(("head", EggConfig.Vocabulary, d));
        return shapes;
    }

    private static sbyte[] Initial(ulong seed, int key, int count)
    {
        var normals = new float[count];
        GaussianNoise.Fill(new NoiseKey(seed, (uint)key, InitTag, 0), normals);
        return normals.Select(z => Int8Math.Clip((long)Math.Round(16.0 * z, MidpointRounding.ToEven))).ToArray();
    }
}
