using System.Numerics.Tensors;
using Eggroll.Numerics;
using Eggroll.Population;

namespace Eggroll.Models.Rwkv;

/// <summary>
/// The RWKV-7 time mix of one block for a population batch: token shift, the r/k/v projections, the decay,
/// in-context learning rate, value-residual and gate adapters, the per-head WKV state update, the head-wise
/// group norm with the r·k bonus, and the output projection. Every matrix goes through the
/// <see cref="ForwardContext"/> so the strategy adds each member's perturbation.
/// </summary>
public sealed class RwkvTimeMix
{
    private readonly int headSize;
    private readonly MemberVector[] mixes;
    private readonly MemberVector decayBias, adaptBias, keyScale, keyAdapt, bonus, groupGain, groupShift;
    private readonly MemberVector? valueBias;
    private readonly Matrix[] mixed = new Matrix[6];
    private Matrix? output;

    /// <summary>Creates the time mix of block <paramref name="layer"/> with matrices drawn from <paramref name="random"/>.</summary>
    public RwkvTimeMix(RwkvConfig config, int layer, Random random)
    {
        ArgumentNullException.ThrowIfNull(config);
        int d = config.Width;
        headSize = config.HeadSize;
        MixR = Init(Parameter.Vector("x_r", d), i => 1 - Ratio(i, d, 0.2));
        MixW = Init(Parameter.Vector("x_w", d), i => 1 - Ratio(i, d, 0.9));
        MixK = Init(Parameter.Vector("x_k", d), i => 1 - Ratio(i, d, 0.7));
        MixV = Init(Parameter.Vector("x_v", d), i => 1 - Ratio(i, d, 0.7));
        MixA = Init(Parameter.Vector("x_a", d), i => 1 - Ratio(i, d, 0.9));
        MixG = Init(Parameter.Vector("x_g", d), i => 1 - Ratio(i, d, 0.2));
        DecayBias = Init(Parameter.Vector("w0", d), i => -6 + 6 * Ratio(i, d, 1) + 0.5f);
        DecayIn = new Linear(d, config.DecayRank, random, bias: false);
        DecayOut = new Linear(config.DecayRank, d, random, bias: false);
        AdaptBias = Init(Parameter.Vector("a0", d), _ => -0.19f);
        AdaptIn = new Linear(d, config.AdaptRank, random, bias: false);
        AdaptOut = new Linear(config.AdaptRank, d, random, bias: false);
        if (layer > 0)
        {
            ValueBias = Init(Parameter.Vector("v0", d), _ => 0.73f);
            ValueIn = new Linear(d, config.ValueRank, random, bias: false);
            ValueOut = new Linear(config.ValueRank, d, random, bias: false);
        }

        GateIn = new Linear(d, config.GateRank, random, bias: false);
        GateOut = new Linear(config.GateRank, d, random, bias: false);
        KeyScale = Init(Parameter.Vector("k_k", d), _ => 0.71f);
        KeyAdapt = Init(Parameter.Vector("k_a", d), _ => 1.02f);
        Bonus = Init(Parameter.Vector("r_k", d), _ => -0.04f);
        Receptance = new Linear(d, d, random, bias: false);
        Key = new Linear(d, d, random, bias: false);
        Value = new Linear(d, d, random, bias: false);
        Output = new Linear(d, d, random, bias: false);
        GroupNormGain = Init(Parameter.Vector("ln_x.weight", d), _ => 1f);
        GroupNormBias = Parameter.Vector("ln_x.bias", d);

        mixes = [new(MixR), new(MixW), new(MixK), new(MixV), new(MixA), new(MixG)];
        decayBias = new(DecayBias);
        adaptBias = new(AdaptBias);
        valueBias = ValueBias is null ? null : new(ValueBias);
        keyScale = new(KeyScale);
        keyAdapt = new(KeyAdapt);
        bonus = new(Bonus);
        groupGain = new(GroupNormGain);
        groupShift = new(GroupNormBias);
    }

    /// <summary>Token-shift mix μ_r (x_r).</summary>
    public Parameter MixR { get; }

    /// <summary>Token-shift mix μ_w (x_w).</summary>
    public Parameter MixW { get; }

    /// <summary>Token-shift mix μ_k (x_k).</summary>
    public Parameter MixK { get; }

    /// <summary>Token-shift mix μ_v (x_v).</summary>
    public Parameter MixV { get; }

    /// <summary>Token-shift mix μ_a (x_a).</summary>
    public Parameter MixA { get; }

    /// <summary>Token-shift mix μ_g (x_g).</summary>
    public Parameter MixG { get; }

    /// <summary>Decay bias w0.</summary>
    public Parameter DecayBias { get; }

    /// <summary>Decay adapter w1, held as Dw×D.</summary>
    public Linear DecayIn { get; }

    /// <summary>Decay adapter w2, held as D×Dw.</summary>
    public Linear DecayOut { get; }

    /// <summary>In-context learning rate bias a0.</summary>
    public Parameter AdaptBias { get; }

    /// <summary>In-context learning rate adapter a1, held transposed.</summary>
    public Linear AdaptIn { get; }

    /// <summary>In-context learning rate adapter a2, held transposed.</summary>
    public Linear AdaptOut { get; }

    /// <summary>Value-residual bias v0; null in block 0, which defines v_first.</summary>
    public Parameter? ValueBias { get; }

    /// <summary>Value-residual adapter v1, held transposed; null in block 0.</summary>
    public Linear? ValueIn { get; }

    /// <summary>Value-residual adapter v2, held transposed; null in block 0.</summary>
    public Linear? ValueOut { get; }

    /// <summary>Gate adapter g1, held transposed.</summary>
    public Linear GateIn { get; }

    /// <summary>Gate adapter g2, held transposed.</summary>
    public Linear GateOut { get; }

    /// <summary>Scale k_k of the key used for the removal term.</summary>
    public Parameter KeyScale { get; }

    /// <summary>k_a: how much the learning rate a scales the written key.</summary>
    public Parameter KeyAdapt { get; }

    /// <summary>r_k, the per-channel weight of the r·k bonus ([H, N] in checkpoints).</summary>
    public Parameter Bonus { get; }

    /// <summary>W_r.</summary>
    public Linear Receptance { get; }

    /// <summary>W_k.</summary>
    public Linear Key { get; }

    /// <summary>W_v.</summary>
    public Linear Value { get; }

    /// <summary>W_o.</summary>
    public Linear Output { get; }

    /// <summary>Gain of the head-wise group norm (ln_x.weight).</summary>
    public Parameter GroupNormGain { get; }

    /// <summary>Bias of the head-wise group norm (ln_x.bias).</summary>
    public Parameter GroupNormBias { get; }

    /// <summary>The tensors under their official keys (prefix e.g. "blocks.3.att."), in checkpoint order.</summary>
    public IEnumerable<RwkvTensor> Tensors(string prefix)
    {
        int heads = MixR.Count / headSize;
        yield return RwkvTensor.Vector(prefix + "x_r", MixR);
        yield return RwkvTensor.Vector(prefix + "x_w", MixW);
        yield return RwkvTensor.Vector(prefix + "x_k", MixK);
        yield return RwkvTensor.Vector(prefix + "x_v", MixV);
        yield return RwkvTensor.Vector(prefix + "x_a", MixA);
        yield return RwkvTensor.Vector(prefix + "x_g", MixG);
        yield return RwkvTensor.Vector(prefix + "w0", DecayBias);
        yield return RwkvTensor.Adapter(prefix + "w1", DecayIn);
        yield return RwkvTensor.Adapter(prefix + "w2", DecayOut);
        yield return RwkvTensor.Vector(prefix + "a0", AdaptBias);
        yield return RwkvTensor.Adapter(prefix + "a1", AdaptIn);
        yield return RwkvTensor.Adapter(prefix + "a2", AdaptOut);
        if (ValueBias is not null)
        {
            yield return RwkvTensor.Vector(prefix + "v0", ValueBias);
            yield return RwkvTensor.Adapter(prefix + "v1", ValueIn!);
            yield return RwkvTensor.Adapter(prefix + "v2", ValueOut!);
        }

        yield return RwkvTensor.Adapter(prefix + "g1", GateIn);
        yield return RwkvTensor.Adapter(prefix + "g2", GateOut);
        yield return RwkvTensor.Vector(prefix + "k_k", KeyScale);
        yield return RwkvTensor.Vector(prefix + "k_a", KeyAdapt);
        yield return new RwkvTensor(prefix + "r_k", [heads, headSize], Bonus);
        yield return RwkvTensor.Linear(prefix + "receptance.weight", Receptance);
        yield return RwkvTensor.Linear(prefix + "key.weight", Key);
        yield return RwkvTensor.Linear(prefix + "value.weight", Value);
        yield return RwkvTensor.Linear(prefix + "output.weight", Output);
        yield return RwkvTensor.Flat(prefix + "ln_x.weight", GroupNormGain);
        yield return RwkvTensor.Flat(prefix + "ln_x.bias", GroupNormBias);
    }

    /// <summary>
    /// Advances every row by one token: <paramref name="x"/> is the ln1 output (rows×D), <paramref name="valueFirst"/>
    /// block 0's v (written by block 0, read by the others). Returns the time mix output, owned by this layer.
    /// </summary>
    public Matrix Forward(Matrix x, RwkvLayerState state, Matrix valueFirst, ForwardContext context)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(valueFirst);
        ArgumentNullException.ThrowIfNull(context);
        LoadVectors(context);
        for (int m = 0; m < mixed.Length; m++)
        {
            mixed[m] = Matrix.Reuse(mixed[m], x.Rows, x.Cols);
        }

        TokenShift.Mix(x, state.TimeShift, mixes, mixed);
        var r = Receptance.Forward(mixed[0], context);
        var k = Key.Forward(mixed[2], context);
        var v = Value.Forward(mixed[3], context);
        var w = Decay(mixed[1], context);
        var a = LearningRate(mixed[4], context);
        MixValue(v, mixed[3], valueFirst, context);
        var g = Gate(mixed[5], context);

        output = Matrix.Reuse(output, x.Rows, x.Cols);
        var y = output;
        Parallelism.For(x.Rows, i => MixRow(i, r, w, k, v, a, g, state.Wkv, y));
        return Output.Forward(y, context);
    }

    private void LoadVectors(ForwardContext context)
    {
        foreach (var mix in mixes)
        {
            mix.Load(context);
        }

        decayBias.Load(context);
        adaptBias.Load(context);
        valueBias?.Load(context);
        keyScale.Load(context);
        keyAdapt.Load(context);
        bonus.Load(context);
        groupGain.Load(context);
        groupShift.Load(context);
    }

    /// <summary>w = exp(−e^(−0.5)·sigmoid(w0 + tanh(x_w W1) W2)).</summary>
    private Matrix Decay(Matrix input, ForwardContext context)
    {
        var inner = DecayIn.Forward(input, context);
        for (int i = 0; i < inner.Rows; i++)
        {
            TensorPrimitives.Tanh(inner.Row(i), inner.Row(i));
        }

        var w = DecayOut.Forward(inner, context);
        for (int i = 0; i < w.Rows; i++)
        {
            var row = w.Row(i);
            TensorPrimitives.Add(row, decayBias.ForRow(i), row);
            TensorPrimitives.Sigmoid(row, row);
            TensorPrimitives.Multiply(row, RwkvHeadMath.DecayScale, row);
            TensorPrimitives.Exp(row, row);
        }

        return w;
    }

    /// <summary>a = sigmoid(a0 + x_a A1 A2).</summary>
    private Matrix LearningRate(Matrix input, ForwardContext context)
    {
        var a = AdaptOut.Forward(AdaptIn.Forward(input, context), context);
        for (int i = 0; i < a.Rows; i++)
        {
            var row = a.Row(i);
            TensorPrimitives.Add(row, adaptBias.ForRow(i), row);
            TensorPrimitives.Sigmoid(row, row);
        }

        return a;
    }

    /// <summary>Block 0 stores v as v_first; later blocks take v += (v_first − v)⊙sigmoid(v0 + x_v V1 V2).</summary>
    private void MixValue(Matrix v, Matrix input, Matrix valueFirst, ForwardContext context)
    {
        if (valueBias is null)
        {
            v.Values.CopyTo(valueFirst.Values);
            return;
        }

        var gate = ValueOut!.Forward(ValueIn!.Forward(input, context), context);
        for (int i = 0; i < v.Rows; i++)
        {
            var gateRow = gate.Row(i);
            TensorPrimitives.Add(gateRow, valueBias.ForRow(i), gateRow);
            TensorPrimitives.Sigmoid(gateRow, gateRow);
            var row = v.Row(i);
            var first = valueFirst.Row(i);
            for (int j = 0; j < row.Length; j++)
            {
                row[j] += (first[j] - row[j]) * gateRow[j];
            }
        }
    }

    /// <summary>g = sigmoid(x_g G1) G2.</summary>
    private Matrix Gate(Matrix input, ForwardContext context)
    {
        var inner = GateIn.Forward(input, context);
        for (int i = 0; i < inner.Rows; i++)
        {
            TensorPrimitives.Sigmoid(inner.Row(i), inner.Row(i));
        }

        return GateOut.Forward(inner, context);
    }

    /// <summary>
    /// One row, head by head: k̂ = L2-normalise(k⊙k_k), k ← k⊙(1 + (a − 1)⊙k_a), the WKV update and read-out,
    /// group norm (ε 64e-5, affine ln_x), plus (Σ r⊙k⊙r_k)·v, times the gate g.
    /// </summary>
    private void MixRow(int i, Matrix r, Matrix w, Matrix k, Matrix v, Matrix a, Matrix g, float[] wkv, Matrix y)
    {
        int n = headSize, width = y.Cols;
        Span<float> normalisedKey = n <= 256 ? stackalloc float[n] : new float[n];
        Span<float> removal = n <= 256 ? stackalloc float[n] : new float[n];
        var keyScaleRow = keyScale.ForRow(i);
        var keyAdaptRow = keyAdapt.ForRow(i);
        var bonusRow = bonus.ForRow(i);
        var gain = groupGain.ForRow(i);
        var shift = groupShift.ForRow(i);
        var state = wkv.AsSpan(i * width * n, width * n);
        for (int start = 0; start < width; start += n)
        {
            var rh = r.Row(i).Slice(start, n);
            var kh = k.Row(i).Slice(start, n);
            var vh = v.Row(i).Slice(start, n);
            var ah = a.Row(i).Slice(start, n);
            var yh = y.Row(i).Slice(start, n);
            RwkvHeadMath.PrepareKeys(kh, keyScaleRow.Slice(start, n), ah, keyAdaptRow.Slice(start, n), normalisedKey, removal);
            Wkv7.Head(rh, w.Row(i).Slice(start, n), kh, vh, normalisedKey, removal, state.Slice(start * n, n * n), yh);
            RwkvHeadMath.GroupNormalise(yh, gain.Slice(start, n), shift.Slice(start, n));
            float bonusWeight = RwkvHeadMath.BonusWeight(rh, kh, bonusRow.Slice(start, n));
            TensorPrimitives.MultiplyAdd(vh, bonusWeight, yh, yh);
            TensorPrimitives.Multiply(yh, g.Row(i).Slice(start, n), yh);
        }
    }

    private static Parameter Init(Parameter vector, Func<int, float> value)
    {
        for (int i = 0; i < vector.Count; i++)
        {
            vector.Value[i] = value(i);
        }

        return vector;
    }

    /// <summary>(i/D)^power: a ramp over the channels, the shape of the reference's initial mixes and decays.</summary>
    private static float Ratio(int i, int width, double power) => (float)Math.Pow((double)i / width, power);
}
