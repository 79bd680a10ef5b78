using System.Numerics.Tensors;
using Eggroll.Numerics;
using Eggroll.Population;

namespace Eggroll.Models.Rwkv;

/// <summary>One RWKV-7 block: x += TimeMix(ln1 x); x += ChannelMix(ln2 x).</summary>
public sealed class RwkvBlock
{
    /// <summary>Creates block <paramref name="layer"/> with matrices drawn from <paramref name="random"/>.</summary>
    public RwkvBlock(RwkvConfig config, int layer, Random random)
    {
        ArgumentNullException.ThrowIfNull(config);
        Index = layer;
        Norm1 = new LayerNorm(config.Width);
        Norm2 = new LayerNorm(config.Width);
        TimeMix = new RwkvTimeMix(config, layer, random);
        ChannelMix = new RwkvChannelMix(config, random);
    }

    /// <summary>The block's index in the model.</summary>
    public int Index { get; }

    /// <summary>ln1, before the time mix.</summary>
    public LayerNorm Norm1 { get; }

    /// <summary>ln2, before the channel mix.</summary>
    public LayerNorm Norm2 { get; }

    /// <summary>The attention-like part (att).</summary>
    public RwkvTimeMix TimeMix { get; }

    /// <summary>The feed-forward part (ffn).</summary>
    public RwkvChannelMix ChannelMix { get; }

    /// <summary>The tensors under their official keys ("blocks.N.…"), in checkpoint order.</summary>
    public IEnumerable<RwkvTensor> Tensors()
    {
        string prefix = $"blocks.{Index}.";
        return Norm(prefix + "ln1", Norm1)
            .Concat(Norm(prefix + "ln2", Norm2))
            .Concat(TimeMix.Tensors(prefix + "att."))
            .Concat(ChannelMix.Tensors(prefix + "ffn."));
    }

    /// <summary>A layer norm's weight and bias under "<paramref name="key"/>.weight" and ".bias".</summary>
    public static IEnumerable<RwkvTensor> Norm(string key, LayerNorm norm)
    {
        ArgumentNullException.ThrowIfNull(norm);
        yield return RwkvTensor.Flat(key + ".weight", norm.Gain);
        yield return RwkvTensor.Flat(key + ".bias", norm.Bias);
    }

    /// <summary>Advances every row of the residual stream <paramref name="x"/> (rows×D, updated in place) by one token.</summary>
    public void Forward(Matrix x, RwkvLayerState state, Matrix valueFirst, ForwardContext context)
    {
        ArgumentNullException.ThrowIfNull(x);
        var attention = TimeMix.Forward(Norm1.Forward(x, context), state, valueFirst, context);
        TensorPrimitives.Add(x.Values, attention.Values, x.Values);
        var feedForward = ChannelMix.Forward(Norm2.Forward(x, context), state, context);
        TensorPrimitives.Add(x.Values, feedForward.Values, x.Values);
    }
}
