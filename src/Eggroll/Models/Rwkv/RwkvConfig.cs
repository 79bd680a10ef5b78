using Eggroll.IO;

namespace Eggroll.Models.Rwkv;

/// <summary>Shape of an RWKV-7 ("Goose", x070) language model.</summary>
/// <param name="Layers">Number of blocks L.</param>
/// <param name="Width">Width D of the residual stream; a multiple of <paramref name="HeadSize"/>.</param>
/// <param name="HeadSize">Head size N; the model has D/N heads, each with an N×N state.</param>
/// <param name="DecayRank">Inner width of the decay adapter (w1 is D×this, w2 this×D).</param>
/// <param name="AdaptRank">Inner width of the in-context learning rate adapter (a1, a2).</param>
/// <param name="ValueRank">Inner width of the value-residual adapter (v1, v2) of layers ≥ 1; 0 when there is one layer.</param>
/// <param name="GateRank">Inner width of the output gate adapter (g1, g2).</param>
/// <param name="FfnWidth">Hidden width of the channel mix (4D in the released models).</param>
/// <param name="Vocabulary">Number of tokens V.</param>
public sealed record RwkvConfig(int Layers, int Width, int HeadSize, int DecayRank, int AdaptRank, int ValueRank, int GateRank, int FfnWidth, int Vocabulary)
{
    /// <summary>Number of heads H = D/N.</summary>
    public int Heads => Width / HeadSize;

    /// <summary>Throws <see cref="ConfigException"/> naming the field when a value is out of range.</summary>
    public void Validate(string prefix = "")
    {
        Positive(prefix, "layers", Layers);
        Positive(prefix, "width", Width);
        Positive(prefix, "headSize", HeadSize);
        Positive(prefix, "decayRank", DecayRank);
        Positive(prefix, "adaptRank", AdaptRank);
        Positive(prefix, "gateRank", GateRank);
        Positive(prefix, "ffnWidth", FfnWidth);
        Positive(prefix, "vocabulary", Vocabulary);
        if (Width % HeadSize != 0)
        {
            throw new ConfigException($"{prefix}headSize", $"must divide the width {Width}, got {HeadSize}.");
        }

        if (Layers > 1 ? ValueRank < 1 : ValueRank < 0)
        {
            throw new ConfigException($"{prefix}valueRank", $"must be at least {(Layers > 1 ? 1 : 0)} with {Layers} layer(s), got {ValueRank}.");
        }
    }

    /// <summary>
    /// Reads the shape from the tensors of an official RWKV-7 state dict: V and D from emb.weight, L from the
    /// blocks present, N from blocks.0.att.r_k [H, N], the adapter widths from w1, a1, v1 (layer 1) and g1,
    /// the channel-mix width from ffn.key.weight.
    /// </summary>
    /// <exception cref="InvalidDataException">A key the shape is read from is missing or misshaped; the message names it.</exception>
    public static RwkvConfig Infer(IReadOnlyDictionary<string, RawTensor> stateDict)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        var embedding = StateDictShape.Matrix(stateDict, "emb.weight");
        int vocabulary = embedding[0], width = embedding[1];
        int layers = 0;
        while (stateDict.ContainsKey($"blocks.{layers}.att.r_k"))
        {
            layers++;
        }

        var heads = StateDictShape.Matrix(stateDict, "blocks.0.att.r_k");
        if (heads[0] * heads[1] != width)
        {
            throw new InvalidDataException($"tensor 'blocks.0.att.r_k' has shape [{heads[0]}, {heads[1]}]; heads × head size must equal the width {width} of emb.weight.");
        }

        return new RwkvConfig(
            layers,
            width,
            heads[1],
            StateDictShape.Columns(stateDict, "blocks.0.att.w1", width),
            StateDictShape.Columns(stateDict, "blocks.0.att.a1", width),
            layers > 1 ? StateDictShape.Columns(stateDict, "blocks.1.att.v1", width) : 0,
            StateDictShape.Columns(stateDict, "blocks.0.att.g1", width),
            StateDictShape.Matrix(stateDict, "blocks.0.ffn.key.weight")[0],
            vocabulary);
    }

    private static void Positive(string prefix, string field, int value)
    {
        if (value < 1)
        {
            throw new ConfigException(prefix + field, $"must be at least 1, got {value}.");
        }
    }
}
