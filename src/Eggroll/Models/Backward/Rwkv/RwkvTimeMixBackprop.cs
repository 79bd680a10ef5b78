using System.Numerics.Tensors;
using Eggroll.Models.Rwkv;
using Eggroll.Numerics;
using Eggroll.Population;

namespace Eggroll.Models.Backward.Rwkv;

/// <summary>
/// Forward and backward passes of one <see cref="RwkvTimeMix"/> over a batch of whole sequences (row = sequence·steps
/// + t, each from the zero state), unperturbed: the forward keeps every intermediate the backward needs, including
/// each step's WKV state, and the backward runs through time over it. Gradients are written to the arrays of the
/// model's gradient list indexed by <see cref="Parameter.Id"/>.
/// </summary>
public sealed class RwkvTimeMixBackprop
{
    private readonly RwkvTimeMix mix;
    private readonly int headSize;
    private readonly Parameter[] mus;
    private readonly Matrix[] mixed = new Matrix[6];
    private readonly Matrix[] mixedGradients = new Matrix[6];
    private int steps;
    private Matrix input = null!, difference = null!, receptance = null!, rawKey = null!, key = null!, projectedValue = null!, value = null!;
    private Matrix decayHidden = null!, decaySigmoid = null!, decay = null!, rateHidden = null!, rate = null!, valueHidden = null!, valueGate = null!;
    private Matrix gateHidden = null!, gate = null!, normalisedKey = null!, removal = null!, readOut = null!, mixedOut = null!, gated = null!;
    private Matrix output = null!, valueFirst = null!;
    private float[] norms = [], bonusWeights = [], states = [];
    private float[] bonusGradients = [];
    private Matrix dGated = null!, dGate = null!, dMixedOut = null!, dReadOut = null!, dValue = null!, dValueGate = null!, dRate = null!;
    private Matrix vectorContributions = null!, dInput = null!;
    private Matrix? hiddenGradient;
    private WkvInputs? wkvGradients;

    /// <summary>Prepares passes through <paramref name="timeMix"/> of a model of <paramref name="config"/>.</summary>
    public RwkvTimeMixBackprop(RwkvTimeMix timeMix, RwkvConfig config)
    {
        ArgumentNullException.ThrowIfNull(timeMix);
        ArgumentNullException.ThrowIfNull(config);
        mix = timeMix;
        headSize = config.HeadSize;
        mus = [mix.MixR, mix.MixW, mix.MixK, mix.MixV, mix.MixA, mix.MixG];
    }

    /// <summary>
    /// Runs the ln1 outputs <paramref name="x"/> (rows×D, sequences of <paramref name="sequenceSteps"/> rows) through the
    /// time mix. Block 0 writes its v into <paramref name="firstValue"/>; later blocks read it. Returns the output, owned by this object.
    /// </summary>
    public Matrix Forward(Matrix x, int sequenceSteps, Matrix firstValue)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(firstValue);
        int rows = x.Rows, d = x.Cols, n = headSize, heads = d / n;
        if (sequenceSteps < 1 || rows % sequenceSteps != 0 || firstValue.Rows != rows || firstValue.Cols != d)
        {
            throw new ArgumentException($"The time mix needs whole sequences of {sequenceSteps} steps and a {rows}×{d} v_first, got {rows} rows and {firstValue.Rows}×{firstValue.Cols}.", nameof(x));
        }

        steps = sequenceSteps;
        valueFirst = firstValue;
        Allocate(rows, d);
        x.Values.CopyTo(input.Values);
        SequenceShift.Difference(input, steps, difference);
        for (int m = 0; m < mixed.Length; m++)
        {
            SequenceShift.Mix(input, difference, mus[m].Value, mixed[m]);
        }

        Dense.Forward(mix.Receptance, mixed[0], receptance);
        Dense.Forward(mix.Key, mixed[2], rawKey);
        Dense.Forward(mix.Value, mixed[3], projectedValue);
        Dense.Forward(mix.DecayIn, mixed[1], decayHidden);
        TensorPrimitives.Tanh(decayHidden.Values, decayHidden.Values);
        Dense.Forward(mix.DecayOut, decayHidden, decaySigmoid);
        AddBiasAndSigmoid(decaySigmoid, mix.DecayBias.Value);
        TensorPrimitives.Multiply(decaySigmoid.Values, RwkvHeadMath.DecayScale, decay.Values);
        TensorPrimitives.Exp(decay.Values, decay.Values);
        Dense.Forward(mix.AdaptIn, mixed[4], rateHidden);
        Dense.Forward(mix.AdaptOut, rateHidden, rate);
        AddBiasAndSigmoid(rate, mix.AdaptBias.Value);
        projectedValue.Values.CopyTo(value.Values);
        if (mix.ValueBias is null)
        {
            projectedValue.Values.CopyTo(valueFirst.Values);
        }
        else
        {
            Dense.Forward(mix.ValueIn!, mixed[3], valueHidden);
            Dense.Forward(mix.ValueOut!, valueHidden, valueGate);
            AddBiasAndSigmoid(valueGate, mix.ValueBias.Value);
            var v = value.Values;
            var first = valueFirst.Values;
            var g = valueGate.Values;
            for (int j = 0; j < v.Length; j++)
            {
                v[j] += (first[j] - v[j]) * g[j];
            }
        }

        Dense.Forward(mix.GateIn, mixed[5], gateHidden);
        TensorPrimitives.Sigmoid(gateHidden.Values, gateHidden.Values);
        Dense.Forward(mix.GateOut, gateHidden, gate);

        rawKey.Values.CopyTo(key.Values);
        Parallelism.For(rows, row =>
        {
            for (int h = 0; h < heads; h++)
            {
                int start = h * n;
                norms[(row * heads) + h] = RwkvHeadMath.PrepareKeys(
                    key.Row(row).Slice(start, n), mix.KeyScale.Value.AsSpan(start, n), rate.Row(row).Slice(start, n),
                    mix.KeyAdapt.Value.AsSpan(start, n), normalisedKey.Row(row).Slice(start, n), removal.Row(row).Slice(start, n));
            }
        });

        Wkv7Sequence.Forward(steps, n, Inputs(), states, readOut);
        Parallelism.For(rows, row =>
        {
            for (int h = 0; h < heads; h++)
            {
                int start = h * n;
                var y = mixedOut.Row(row).Slice(start, n);
                readOut.Row(row).Slice(start, n).CopyTo(y);
                RwkvHeadMath.GroupNormalise(y, mix.GroupNormGain.Value.AsSpan(start, n), mix.GroupNormBias.Value.AsSpan(start, n));
                float bonus = RwkvHeadMath.BonusWeight(receptance.Row(row).Slice(start, n), key.Row(row).Slice(start, n), mix.Bonus.Value.AsSpan(start, n));
                bonusWeights[(row * heads) + h] = bonus;
                TensorPrimitives.MultiplyAdd(value.Row(row).Slice(start, n), bonus, y, y);
            }
        });

        TensorPrimitives.Multiply(mixedOut.Values, gate.Values, gated.Values);
        Dense.Forward(mix.Output, gated, output);
        return output;
    }

    /// <summary>
    /// Back-propagates dLoss/dOutput of the last <see cref="Forward"/>: writes the time mix's parameter gradients into
    /// <paramref name="gradients"/> (by parameter id, overwritten) and returns dLoss/dx (owned by this object). Blocks
    /// after the first add their gradient of v_first to <paramref name="firstValueGradient"/>; block 0, which made
    /// v_first, adds it to its own v and reads it.
    /// </summary>
    public Matrix Backward(Matrix outputGradient, Matrix firstValueGradient, IReadOnlyList<float[]> gradients)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        ArgumentNullException.ThrowIfNull(firstValueGradient);
        ArgumentNullException.ThrowIfNull(gradients);
        int rows = input.Rows, d = input.Cols, n = headSize, heads = d / n;
        if (outputGradient.Rows != rows || outputGradient.Cols != d || firstValueGradient.Rows != rows || firstValueGradient.Cols != d)
        {
            throw new ArgumentException($"The output and v_first gradients must be {rows}×{d}, matching the last forward pass.", nameof(outputGradient));
        }

        Dense.Backward(mix.Output, gated, outputGradient, gradients[mix.Output.Weight.Id], dGated);
        TensorPrimitives.Multiply(dGated.Values, mixedOut.Values, dGate.Values);
        TensorPrimitives.Multiply(dGated.Values, gate.Values, dMixedOut.Values);
        var dGateHidden = Scratch(ref hiddenGradient, rows, mix.GateIn.OutputSize);
        Dense.Backward(mix.GateOut, gateHidden, dGate, gradients[mix.GateOut.Weight.Id], dGateHidden);
        SigmoidBackward(dGateHidden.Values, gateHidden.Values);
        Dense.Backward(mix.GateIn, mixed[5], dGateHidden, gradients[mix.GateIn.Weight.Id], mixedGradients[5]);

        GroupNormBackward.Run(readOut, n, mix.GroupNormGain.Value, RwkvHeadMath.GroupNormEpsilon, dMixedOut, gradients[mix.GroupNormGain.Id], gradients[mix.GroupNormBias.Id], dReadOut);
        Parallelism.For(rows, row =>
        {
            for (int h = 0; h < heads; h++)
            {
                var dz = dMixedOut.Row(row).Slice(h * n, n);
                bonusGradients[(row * heads) + h] = TensorPrimitives.Dot(dz, value.Row(row).Slice(h * n, n));
                TensorPrimitives.Multiply(dz, bonusWeights[(row * heads) + h], dValue.Row(row).Slice(h * n, n));
            }
        });

        var wkv = wkvGradients!;
        Wkv7Sequence.Backward(steps, n, Inputs(), states, dReadOut, wkv);
        TensorPrimitives.Add(dValue.Values, wkv.Value.Values, dValue.Values);
        KeyBackward(gradients);
        ValueBackward(firstValueGradient, gradients);

        SigmoidBackward(dRate.Values, rate.Values);
        AdapterBackward(mix.AdaptIn, mix.AdaptOut, mix.AdaptBias, dRate, rateHidden, 4, gradients);

        var dw = wkv.Decay.Values;
        var w = decay.Values;
        var sigmoid = decaySigmoid.Values;
        for (int j = 0; j < dw.Length; j++)
        {
            dw[j] *= w[j] * RwkvHeadMath.DecayScale * sigmoid[j] * (1 - sigmoid[j]);
        }

        AdapterBackward(mix.DecayIn, mix.DecayOut, mix.DecayBias, wkv.Decay, decayHidden, 1, gradients);
        Dense.Backward(mix.Receptance, mixed[0], wkv.Receptance, gradients[mix.Receptance.Weight.Id], mixedGradients[0]);
        Dense.Backward(mix.Key, mixed[2], wkv.Key, gradients[mix.Key.Weight.Id], mixedGradients[2]);
        SequenceShift.Backward(steps, difference, mus, mixedGradients, gradients, dInput);
        return dInput;
    }

    /// <summary>
    /// Turns the gradients of r, the written key, k̂ and k̂⊙a into those of r, the projected key k and a, and writes
    /// the gradients of r_k, k_a and k_k: through the bonus Σ r⊙k⊙r_k, the written key k⊙(1 + (a − 1)⊙k_a), k̂⊙a
    /// and k̂ = k⊙k_k / ‖k⊙k_k‖.
    /// </summary>
    private void KeyBackward(IReadOnlyList<float[]> gradients)
    {
        var g = wkvGradients!;
        int rows = input.Rows, d = input.Cols, n = headSize, heads = d / n;
        var bonus = mix.Bonus.Value;
        var keyAdapt = mix.KeyAdapt.Value;
        var keyScale = mix.KeyScale.Value;
        Parallelism.For(rows, row =>
        {
            var r = receptance.Row(row);
            var k = key.Row(row);
            var k0 = rawKey.Row(row);
            var a = rate.Row(row);
            var kHat = normalisedKey.Row(row);
            var dr = g.Receptance.Row(row);
            var dk = g.Key.Row(row);
            var dkHat = g.NormalisedKey.Row(row);
            var dRemoval = g.Removal.Row(row);
            var da = dRate.Row(row);
            var contribution = vectorContributions.Row(row);
            for (int h = 0; h < heads; h++)
            {
                float dBonus = bonusGradients[(row * heads) + h];
                for (int j = h * n; j < (h + 1) * n; j++)
                {
                    dr[j] += dBonus * k[j] * bonus[j];
                    dk[j] += dBonus * r[j] * bonus[j];
                    contribution[j] = dBonus * r[j] * k[j];
                    dkHat[j] += dRemoval[j] * a[j];
                    da[j] = (dRemoval[j] * kHat[j]) + (dk[j] * k0[j] * keyAdapt[j]);
                    contribution[d + j] = dk[j] * k0[j] * (a[j] - 1);
                }

                float norm = norms[(row * heads) + h];
                float projection = norm > 1e-12f ? TensorPrimitives.Dot(kHat.Slice(h * n, n), dkHat.Slice(h * n, n)) : 0f;
                for (int j = h * n; j < (h + 1) * n; j++)
                {
                    float dScaled = (dkHat[j] - (kHat[j] * projection)) / norm;
                    contribution[(2 * d) + j] = dScaled * k0[j];
                    dk[j] = (dk[j] * (1 + ((a[j] - 1) * keyAdapt[j]))) + (dScaled * keyScale[j]);
                }
            }
        });

        ColumnSums(vectorContributions, 0, gradients[mix.Bonus.Id]);
        ColumnSums(vectorContributions, d, gradients[mix.KeyAdapt.Id]);
        ColumnSums(vectorContributions, 2 * d, gradients[mix.KeyScale.Id]);
    }

    /// <summary>
    /// The value path: blocks ≥ 1 back through v ← v + (v_first − v)⊙sigmoid(v0 + x_v V1 V2) (adding to the v_first
    /// gradient), block 0 adds the v_first gradient to its v; then W_v. Writes the gradient of the value mix.
    /// </summary>
    private void ValueBackward(Matrix firstValueGradient, IReadOnlyList<float[]> gradients)
    {
        bool residual = mix.ValueBias is not null;
        if (residual)
        {
            var dv = dValue.Values;
            var s = valueGate.Values;
            var first = valueFirst.Values;
            var projected = projectedValue.Values;
            var dFirst = firstValueGradient.Values;
            var dPre = dValueGate.Values;
            for (int j = 0; j < dv.Length; j++)
            {
                dFirst[j] += dv[j] * s[j];
                dPre[j] = dv[j] * (first[j] - projected[j]) * s[j] * (1 - s[j]);
                dv[j] *= 1 - s[j];
            }

            AdapterBackward(mix.ValueIn!, mix.ValueOut!, mix.ValueBias!, dValueGate, valueHidden, 3, gradients);
        }
        else
        {
            TensorPrimitives.Add(dValue.Values, firstValueGradient.Values, dValue.Values);
        }

        Dense.Backward(mix.Value, mixed[3], dValue, gradients[mix.Value.Weight.Id], mixedGradients[3], accumulate: residual);
    }

    /// <summary>
    /// An adapter bias + x·M1ᵀ·M2ᵀ, given the gradient of that sum: writes the bias, M2 and M1 gradients and the
    /// gradient of mix <paramref name="mixIndex"/>; the decay's hidden layer (tanh) is told apart by its adapter.
    /// </summary>
    private void AdapterBackward(Linear inner, Linear outer, Parameter bias, Matrix sumGradient, Matrix hidden, int mixIndex, IReadOnlyList<float[]> gradients)
    {
        LinearBackward.ColumnSums(sumGradient, gradients[bias.Id]);
        var dHidden = Scratch(ref hiddenGradient, sumGradient.Rows, inner.OutputSize);
        Dense.Backward(outer, hidden, sumGradient, gradients[outer.Weight.Id], dHidden);
        if (inner == mix.DecayIn)
        {
            var dh = dHidden.Values;
            var t = hidden.Values;
            for (int j = 0; j < dh.Length; j++)
            {
                dh[j] *= 1 - (t[j] * t[j]);
            }
        }

        Dense.Backward(inner, mixed[mixIndex], dHidden, gradients[inner.Weight.Id], mixedGradients[mixIndex]);
    }

    private WkvInputs Inputs() => new(receptance, decay, key, value, normalisedKey, removal);

    private void Allocate(int rows, int d)
    {
        int n = headSize;
        input = Matrix.Reuse(input, rows, d);
        difference = Matrix.Reuse(difference, rows, d);
        for (int m = 0; m < mixed.Length; m++)
        {
            mixed[m] = Matrix.Reuse(mixed[m], rows, d);
            mixedGradients[m] = Matrix.Reuse(mixedGradients[m], rows, d);
        }

        receptance = Matrix.Reuse(receptance, rows, d);
        rawKey = Matrix.Reuse(rawKey, rows, d);
        key = Matrix.Reuse(key, rows, d);
        projectedValue = Matrix.Reuse(projectedValue, rows, d);
        value = Matrix.Reuse(value, rows, d);
        decayHidden = Matrix.Reuse(decayHidden, rows, mix.DecayIn.OutputSize);
        decaySigmoid = Matrix.Reuse(decaySigmoid, rows, d);
        decay = Matrix.Reuse(decay, rows, d);
        rateHidden = Matrix.Reuse(rateHidden, rows, mix.AdaptIn.OutputSize);
        rate = Matrix.Reuse(rate, rows, d);
        valueHidden = Matrix.Reuse(valueHidden, rows, mix.ValueIn?.OutputSize ?? 1);
        valueGate = Matrix.Reuse(valueGate, rows, d);
        gateHidden = Matrix.Reuse(gateHidden, rows, mix.GateIn.OutputSize);
        gate = Matrix.Reuse(gate, rows, d);
        normalisedKey = Matrix.Reuse(normalisedKey, rows, d);
        removal = Matrix.Reuse(removal, rows, d);
        readOut = Matrix.Reuse(readOut, rows, d);
        mixedOut = Matrix.Reuse(mixedOut, rows, d);
        gated = Matrix.Reuse(gated, rows, d);
        output = Matrix.Reuse(output, rows, d);
        int heads = d / n;
        if (norms.Length != rows * heads)
        {
            norms = new float[rows * heads];
            bonusWeights = new float[rows * heads];
            bonusGradients = new float[rows * heads];
            states = new float[rows * d * n];
        }

        dGated = Matrix.Reuse(dGated, rows, d);
        dGate = Matrix.Reuse(dGate, rows, d);
        dMixedOut = Matrix.Reuse(dMixedOut, rows, d);
        dReadOut = Matrix.Reuse(dReadOut, rows, d);
        dValue = Matrix.Reuse(dValue, rows, d);
        dValueGate = Matrix.Reuse(dValueGate, rows, d);
        dRate = Matrix.Reuse(dRate, rows, d);
        dInput = Matrix.Reuse(dInput, rows, d);
        vectorContributions = Matrix.Reuse(vectorContributions, rows, 3 * d);
        wkvGradients = new WkvInputs(
            Matrix.Reuse(wkvGradients?.Receptance, rows, d),
            Matrix.Reuse(wkvGradients?.Decay, rows, d),
            Matrix.Reuse(wkvGradients?.Key, rows, d),
            Matrix.Reuse(wkvGradients?.Value, rows, d),
            Matrix.Reuse(wkvGradients?.NormalisedKey, rows, d),
            Matrix.Reuse(wkvGradients?.Removal, rows, d));
    }

    private static Matrix Scratch(ref Matrix? buffer, int rows, int cols) => buffer = Matrix.Reuse(buffer, rows, cols);

    private static void AddBiasAndSigmoid(Matrix matrix, ReadOnlySpan<float> bias)
    {
        for (int i = 0; i < matrix.Rows; i++)
        {
            var row = matrix.Row(i);
            TensorPrimitives.Add(row, bias, row);
            TensorPrimitives.Sigmoid(row, row);
        }
    }

    /// <summary>d ← d·s(1 − s) for s = sigmoid output.</summary>
    private static void SigmoidBackward(Span<float> gradient, ReadOnlySpan<float> sigmoid)
    {
        for (int j = 0; j < gradient.Length; j++)
        {
            gradient[j] *= sigmoid[j] * (1 - sigmoid[j]);
        }
    }

    private static void ColumnSums(Matrix matrix, int offset, float[] sums)
    {
        int width = sums.Length;
        Array.Clear(sums);
        for (int i = 0; i < matrix.Rows; i++)
        {
            TensorPrimitives.Add(sums, matrix.Row(i).Slice(offset, width), sums);
        }
    }
}
