using Eggroll.Models.Backward;
using Eggroll.Models.Backward.Rwkv;
using Eggroll.Models.Rwkv;
using Eggroll.Numerics;
using Eggroll.Population;
using Eggroll.Tests.Rwkv;

namespace Eggroll.Tests.Gradients;

/// <summary>
/// The RWKV-7 backward passes (float32, on the library's kernels) against central finite differences of the
/// independent float64 reference (<see cref="RwkvReference"/>, weights in checkpoint layout), on the tiny shape
/// (2 blocks, width 16, two heads of 8) over 2 sequences of 4 steps, so gradients flow back through the WKV state.
/// Parameter gradients are compared in checkpoint layout (adapters transposed back) within 2e-4 of the largest
/// finite difference among the checked entries of their tensor: every vector entry and 24 random entries of each
/// matrix for the time and channel mixes, 8 random entries of every tensor for the whole model.
/// </summary>
public sealed class RwkvGradientTests
{
    private const int Sequences = 2, Steps = 4, Rows = Sequences * Steps;
    private const double Tolerance = RwkvTensorCheck.Tolerance;
    private static readonly RwkvConfig Config = RwkvCheckpoint.Tiny;
    private readonly Random random = new(17);
    private readonly Dictionary<string, double[]> weights;
    private readonly RwkvModel model;

    public RwkvGradientTests()
    {
        var stateDict = RwkvCheckpoint.Random(Config, 5);
        weights = RwkvReference.Weights(stateDict);
        model = RwkvModel.FromStateDict(stateDict);
    }

    [Fact]
    public void GroupNormGivesTheGainBiasAndInputGradientsOfEachHead()
    {
        const int GroupRows = 3, Width = 8, Group = 4;
        const float Epsilon = 64e-5f;
        var gain = GradientCheck.Random(random, Width, scale: 2);
        var bias = GradientCheck.Random(random, Width);
        var x = new Matrix(GroupRows, Width, GradientCheck.Random(random, GroupRows * Width, scale: 2));
        var r = GradientCheck.Random(random, GroupRows * Width);
        var dGain = new float[Width];
        var dBias = new float[Width];
        var dx = new Matrix(GroupRows, Width);

        GroupNormBackward.Run(x, Group, gain, Epsilon, new Matrix(GroupRows, Width, r), dGain, dBias, dx);

        double[] g = GradientCheck.Widen(gain), b = GradientCheck.Widen(bias), xs = GradientCheck.Widen(x.Values);
        double Loss(double[] input, double[] gains, double[] biases) => Reference.Project(GroupNorm(input, Width, Group, gains, biases, Epsilon), r);
        GradientCheck.Matches("dGain", g, v => Loss(xs, v, b), dGain);
        GradientCheck.Matches("dBias", b, v => Loss(xs, g, v), dBias);
        GradientCheck.Matches("dX", xs, v => Loss(v, g, b), dx.Values);
    }

    [Fact]
    public void SequenceForwardGivesTheLogitsOfSteppingTheModelTokenByToken()
    {
        var tokens = Enumerable.Range(0, Rows).Select(_ => random.Next(Config.Vocabulary)).ToArray();

        var logits = new RwkvBackprop(model).Forward(tokens, Steps).Values.ToArray();

        var state = new RwkvState(Config, Sequences);
        for (int t = 0; t < Steps; t++)
        {
            var stepped = model.Step([tokens[t], tokens[Steps + t]], state, ForwardContext.Unperturbed(Sequences));
            for (int s = 0; s < Sequences; s++)
            {
                var expected = stepped.Row(s).ToArray();
                var actual = logits.AsSpan(((s * Steps) + t) * Config.Vocabulary, Config.Vocabulary).ToArray();
                Assert.All(expected.Zip(actual), p => Assert.Equal(p.First, p.Second, 1e-4));
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void TimeMixGivesEveryParameterInputAndFirstValueGradientThroughTime(int layer)
    {
        var x = GradientCheck.Random(random, Rows * Config.Width, scale: 1.5);
        var firstValue = GradientCheck.Random(random, Rows * Config.Width);
        var r = GradientCheck.Random(random, Rows * Config.Width);
        var q = GradientCheck.Random(random, Rows * Config.Width);
        var backprop = new RwkvTimeMixBackprop(model.Blocks[layer].TimeMix, Config);
        var gradients = NewGradients();
        var dFirst = new Matrix(Rows, Config.Width, layer == 0 ? (float[])q.Clone() : new float[q.Length]);

        var vFirst = new Matrix(Rows, Config.Width, (float[])firstValue.Clone());
        backprop.Forward(new Matrix(Rows, Config.Width, x), Steps, vFirst);
        var dx = backprop.Backward(new Matrix(Rows, Config.Width, r), dFirst, gradients).Values.ToArray();

        // Block 0 makes v_first (its loss also weighs v_first by q, the gradient later blocks send back); later blocks read it.
        double Loss(IReadOnlyDictionary<string, double[]> w, double[] input, double[] first)
        {
            double sum = 0;
            for (int s = 0; s < Sequences; s++)
            {
                var reference = new RwkvReference(Config, w);
                for (int row = s * Steps; row < (s + 1) * Steps; row++)
                {
                    var vf = Slice(first, row);
                    sum += Dot(reference.TimeMix(layer, Slice(input, row), ref vf), r, row);
                    sum += layer == 0 ? Dot(vf, q, row) : 0;
                }
            }

            return sum;
        }

        double[] xs = GradientCheck.Widen(x), fs = GradientCheck.Widen(firstValue);
        var all = Enumerable.Range(0, xs.Length).ToArray();
        GradientCheck.MatchesAt("dX", xs, v => Loss(weights, v, fs), dx, all, Tolerance);
        if (layer > 0)
        {
            GradientCheck.MatchesAt("dVFirst", fs, v => Loss(weights, xs, v), dFirst.Values, all, Tolerance);
        }

        foreach (var tensor in model.Tensors.Where(t => t.Key.StartsWith($"blocks.{layer}.att.", StringComparison.Ordinal)))
        {
            CheckTensor(tensor, gradients, w => Loss(w, xs, fs), sample: 24);
        }
    }

    [Fact]
    public void ChannelMixGivesEveryParameterAndInputGradient()
    {
        const int Layer = 1;
        var x = GradientCheck.Random(random, Rows * Config.Width, scale: 1.5);
        var r = GradientCheck.Random(random, Rows * Config.Width);
        var backprop = new RwkvChannelMixBackprop(model.Blocks[Layer].ChannelMix);
        var gradients = NewGradients();

        backprop.Forward(new Matrix(Rows, Config.Width, x), Steps);
        var dx = backprop.Backward(new Matrix(Rows, Config.Width, r), gradients).Values.ToArray();

        double Loss(IReadOnlyDictionary<string, double[]> w, double[] input)
        {
            double sum = 0;
            for (int s = 0; s < Sequences; s++)
            {
                var reference = new RwkvReference(Config, w);
                for (int row = s * Steps; row < (s + 1) * Steps; row++)
                {
                    sum += Dot(reference.ChannelMix(Layer, Slice(input, row)), r, row);
                }
            }

            return sum;
        }

        var xs = GradientCheck.Widen(x);
        GradientCheck.MatchesAt("dX", xs, v => Loss(weights, v), dx, Enumerable.Range(0, xs.Length).ToArray(), Tolerance);
        foreach (var tensor in model.Tensors.Where(t => t.Key.StartsWith($"blocks.{Layer}.ffn.", StringComparison.Ordinal)))
        {
            CheckTensor(tensor, gradients, w => Loss(w, xs), sample: int.MaxValue);
        }
    }

    [Fact]
    public void WholeModelLossGivesTheGradientOfEveryParameterTensor()
    {
        var sequences = Enumerable.Range(0, Sequences * (Steps + 1)).Select(_ => random.Next(Config.Vocabulary)).ToArray();
        var backprop = new RwkvBackprop(model);

        double loss = backprop.LossAndGradients(sequences, Steps);

        double Loss(IReadOnlyDictionary<string, double[]> w)
        {
            double sum = 0;
            for (int s = 0; s < Sequences; s++)
            {
                var reference = new RwkvReference(Config, w);
                for (int t = 0; t < Steps; t++)
                {
                    var logits = reference.Step(sequences[(s * (Steps + 1)) + t]);
                    double max = logits.Max();
                    double logSum = max + Math.Log(logits.Sum(z => Math.Exp(z - max)));
                    sum += logSum - logits[sequences[(s * (Steps + 1)) + t + 1]];
                }
            }

            return sum / Rows;
        }

        Assert.Equal(Loss(weights), loss, 1e-5);
        foreach (var tensor in model.Tensors)
        {
            CheckTensor(tensor, backprop.Gradients, Loss, sample: 8);
        }
    }

    private float[][] NewGradients() => model.Parameters.Entries.Select(e => new float[e.Parameter.Count]).ToArray();

    private void CheckTensor(RwkvTensor tensor, IReadOnlyList<float[]> gradients, Func<IReadOnlyDictionary<string, double[]>, double> loss, int sample) =>
        RwkvTensorCheck.Matches(tensor, gradients, weights, loss, RwkvTensorCheck.Entries(weights[tensor.Key].Length, sample, random));

    private static double[] Slice(double[] values, int row) => values.AsSpan(row * Config.Width, Config.Width).ToArray();

    private static double Dot(double[] values, float[] weightsOfRows, int row)
    {
        double sum = 0;
        for (int j = 0; j < values.Length; j++)
        {
            sum += values[j] * weightsOfRows[(row * values.Length) + j];
        }

        return sum;
    }

    private static double[] GroupNorm(double[] x, int width, int group, double[] gain, double[] bias, double epsilon)
    {
        var y = new double[x.Length];
        for (int start = 0; start < x.Length; start += group)
        {
            var values = x.AsSpan(start, group).ToArray();
            double mean = values.Average();
            double variance = values.Sum(v => (v - mean) * (v - mean)) / group;
            for (int j = 0; j < group; j++)
            {
                int channel = (start + j) % width;
                y[start + j] = ((values[j] - mean) / Math.Sqrt(variance + epsilon) * gain[channel]) + bias[channel];
            }
        }

        return y;
    }
}
