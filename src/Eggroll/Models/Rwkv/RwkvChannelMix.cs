using System.Numerics.Tensors;
using Eggroll.Numerics;
using Eggroll.Population;

namespace Eggroll.Models.Rwkv;

/// <summary>The RWKV-7 channel mix for a population batch: W_v · relu(W_k (x + xx⊙μ_k))², with its own token shift.</summary>
public sealed class RwkvChannelMix
{
    private readonly MemberVector[] mix;
    private readonly Matrix[] mixed = new Matrix[1];

    /// <summary>Creates the channel mix with matrices drawn from <paramref name="random"/>.</summary>
    public RwkvChannelMix(RwkvConfig config, Random random)
    {
        ArgumentNullException.ThrowIfNull(config);
        MixK = Parameter.Vector("x_k", config.Width);
        Array.Fill(MixK.Value, 0.5f);
        Key = new Linear(config.Width, config.FfnWidth, random, bias: false);
        Value = new Linear(config.FfnWidth, config.Width, random, bias: false);
        mix = [new(MixK)];
    }

    /// <summary>Token-shift mix μ_k (ffn.x_k).</summary>
    public Parameter MixK { get; }

    /// <summary>W_k, F×D.</summary>
    public Linear Key { get; }

    /// <summary>W_v, D×F.</summary>
    public Linear Value { get; }

    /// <summary>The tensors under their official keys (prefix e.g. "blocks.3.ffn."), in checkpoint order.</summary>
    public IEnumerable<RwkvTensor> Tensors(string prefix)
    {
        yield return RwkvTensor.Vector(prefix + "x_k", MixK);
        yield return RwkvTensor.Linear(prefix + "key.weight", Key);
        yield return RwkvTensor.Linear(prefix + "value.weight", Value);
    }

    /// <summary>Advances every row by one token: <paramref name="x"/> is the ln2 output; returns the output, owned by this layer.</summary>
    public Matrix Forward(Matrix x, RwkvLayerState state, ForwardContext context)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(context);
        mix[0].Load(context);
        mixed[0] = Matrix.Reuse(mixed[0], x.Rows, x.Cols);
        TokenShift.Mix(x, state.ChannelShift, mix, mixed);
        var hidden = Key.Forward(mixed[0], context);
        for (int i = 0; i < hidden.Rows; i++)
        {
            var row = hidden.Row(i);
            TensorPrimitives.Max(row, 0f, row);
            TensorPrimitives.Multiply(row, row, row);
        }

        return Value.Forward(hidden, context);
    }
}
