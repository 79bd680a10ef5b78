using Eggroll.IO;
using Eggroll.Numerics;
using Eggroll.Population;

namespace Eggroll.Models.Rwkv;

/// <summary>
/// The RWKV-7 ("Goose", x070) language model run one token at a time for a whole population batch:
/// x = ln0(emb[t]); per block x += TimeMix(ln1 x), x += ChannelMix(ln2 x); logits = head · ln_out(x).
/// Parameters are named by the official checkpoint keys, so a state dict maps onto them one to one.
/// </summary>
public sealed class RwkvModel
{
    private readonly RwkvTensor[] tensors;
    private Matrix? residual;
    private Matrix? valueFirst;

    private RwkvModel(RwkvConfig config, Random random)
    {
        Config = config;
        Embedding = new Embedding(config.Vocabulary, config.Width, random);
        Norm0 = new LayerNorm(config.Width);
        Blocks = Enumerable.Range(0, config.Layers).Select(l => new RwkvBlock(config, l, random)).ToArray();
        NormOut = new LayerNorm(config.Width);
        Head = new Linear(config.Width, config.Vocabulary, random, bias: false);
        tensors =
        [
            new RwkvTensor("emb.weight", [config.Vocabulary, config.Width], Embedding.Table),
            .. RwkvBlock.Norm("blocks.0.ln0", Norm0),
            .. Blocks.SelectMany(b => b.Tensors()),
            .. RwkvBlock.Norm("ln_out", NormOut),
            RwkvTensor.Linear("head.weight", Head),
        ];
        Parameters = new ParameterSet(tensors.Select(t => new NamedParameter(t.Key, t.Parameter)));
    }

    /// <summary>The model's shape.</summary>
    public RwkvConfig Config { get; }

    /// <summary>All parameters under their official keys, ids in checkpoint order.</summary>
    public ParameterSet Parameters { get; }

    /// <summary>Every checkpoint tensor with its official key and shape.</summary>
    public IReadOnlyList<RwkvTensor> Tensors => tensors;

    /// <summary>emb.weight, V×D.</summary>
    public Embedding Embedding { get; }

    /// <summary>blocks.0.ln0, applied to the embedding.</summary>
    public LayerNorm Norm0 { get; }

    /// <summary>The blocks.</summary>
    public IReadOnlyList<RwkvBlock> Blocks { get; }

    /// <summary>ln_out, before the head.</summary>
    public LayerNorm NormOut { get; }

    /// <summary>head.weight, V×D.</summary>
    public Linear Head { get; }

    /// <summary>A model with random weights drawn from <paramref name="seed"/>; <paramref name="evolution"/> (default <see cref="RwkvEvolution.Default"/>) picks what evolves.</summary>
    public static RwkvModel Create(RwkvConfig config, int seed, RwkvEvolution? evolution = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate("model.");
        var model = new RwkvModel(config, new Random(seed));
        model.SetEvolution(evolution ?? RwkvEvolution.Default);
        return model;
    }

    /// <summary>A model shaped by <see cref="RwkvConfig.Infer"/> holding the tensors of <paramref name="stateDict"/>.</summary>
    /// <exception cref="InvalidDataException">A tensor is missing, misshaped or unexpected; the message names it.</exception>
    public static RwkvModel FromStateDict(IReadOnlyDictionary<string, RawTensor> stateDict, RwkvEvolution? evolution = null)
    {
        var model = Create(RwkvConfig.Infer(stateDict), 0, evolution);
        model.Load(stateDict);
        return model;
    }

    /// <summary>Freezes and unfreezes parameters as <paramref name="evolution"/> says.</summary>
    public void SetEvolution(RwkvEvolution evolution)
    {
        ArgumentNullException.ThrowIfNull(evolution);
        foreach (var tensor in tensors)
        {
            var parameter = tensor.Parameter;
            parameter.Frozen = parameter.Kind switch
            {
                ParameterKind.Vector => !evolution.Vectors,
                ParameterKind.Embedding => !evolution.Embedding,
                _ => parameter == Head.Weight && !evolution.Head,
            };
        }
    }

    /// <summary>
    /// Copies the tensors of an official state dict (any float dtype) into the parameters. Everything is checked
    /// before anything is copied, so a failed load leaves the model as it was. Block 0's v0, v1 and v2, which the
    /// reference trains but never uses, are ignored.
    /// </summary>
    /// <exception cref="InvalidDataException">A tensor is missing, misshaped or unexpected; the message names the key and both shapes.</exception>
    public void Load(IReadOnlyDictionary<string, RawTensor> stateDict)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        var values = new float[tensors.Length][];
        for (int i = 0; i < tensors.Length; i++)
        {
            var expected = tensors[i];
            var tensor = StateDictShape.Require(stateDict, expected.Key);
            if (!StateDictShape.Matches(expected.Shape, tensor.Shape))
            {
                throw new InvalidDataException($"tensor '{expected.Key}' has shape {StateDictShape.Format(tensor.Shape)}; expected {StateDictShape.Format(expected.Shape)}.");
            }

            values[i] = tensor.ToFloat();
            if (values[i].Length != expected.Parameter.Count)
            {
                throw new InvalidDataException($"tensor '{expected.Key}' holds {values[i].Length} values; its shape {StateDictShape.Format(tensor.Shape)} needs {expected.Parameter.Count}.");
            }
        }

        var known = tensors.Select(t => t.Key).Concat(["blocks.0.att.v0", "blocks.0.att.v1", "blocks.0.att.v2"]).ToHashSet(StringComparer.Ordinal);
        var unexpected = stateDict.Keys.FirstOrDefault(key => !known.Contains(key));
        if (unexpected is not null)
        {
            throw new InvalidDataException($"state dict has tensor '{unexpected}', which a {Config.Layers}-layer RWKV-7 model does not have.");
        }

        for (int i = 0; i < tensors.Length; i++)
        {
            tensors[i].CopyFrom(values[i]);
        }
    }

    /// <summary>The parameters as float32 tensors under their official keys and shapes.</summary>
    public IReadOnlyList<RawTensor> ToStateDict() => tensors.Select(t => RawTensor.FromFloat(t.Key, t.Shape, t.CheckpointValues())).ToArray();

    /// <summary>
    /// Advances every batch row by one token and returns its logits (rows×V, owned by the model until the next
    /// step). <paramref name="tokens"/> has one token per row; <paramref name="context"/> tags rows with members.
    /// </summary>
    public Matrix Step(ReadOnlySpan<int> tokens, RwkvState state, ForwardContext context)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(context);
        int rows = context.Rows.RowCount;
        if (state.Config != Config)
        {
            throw new ArgumentException($"The state was made for {state.Config}, not for this model's {Config}.", nameof(state));
        }

        if (state.Rows != rows)
        {
            throw new ArgumentException($"The state holds {state.Rows} sequences but the batch has {rows} rows.", nameof(state));
        }

        residual = Matrix.Reuse(residual, rows, Config.Width);
        valueFirst = Matrix.Reuse(valueFirst, rows, Config.Width);
        Norm0.Forward(Embedding.Forward(tokens, context), context).Values.CopyTo(residual.Values);
        foreach (var block in Blocks)
        {
            block.Forward(residual, state.Layer(block.Index), valueFirst, context);
        }

        return Head.Forward(NormOut.Forward(residual, context), context);
    }
}
