using Eggroll.Models;
using Eggroll.Models.Backward;
using Eggroll.Numerics;

namespace Eggroll.Tests.Gradients;

/// <summary>Whole networks through <see cref="SequentialBackprop"/> against finite differences of a float64 forward built from the same parameters.</summary>
public sealed class NetworkGradientTests
{
    private const int Rows = 3;

    [Theory]
    [InlineData(ActivationKind.Relu)]
    [InlineData(ActivationKind.Tanh)]
    [InlineData(ActivationKind.Silu)]
    public void MlpGivesEveryParameterAndInputGradient(ActivationKind kind)
    {
        var random = new Random(11);
        var mlp = Mlp.Create([3, 6, 5, 2], kind, seed: 3);
        foreach (var linear in mlp.Layers.OfType<Linear>())
        {
            GradientCheck.Random(random, linear.OutputSize, scale: 0.5).CopyTo(linear.Bias!.Value, 0);
        }

        Check(mlp, random, x => Reference.Activate(kind, x));
    }

    [Fact]
    public void NetworkWithLayerNormGivesEveryParameterAndInputGradient()
    {
        var random = new Random(12);
        var network = new Sequential(new Linear(4, 5, random), new LayerNorm(5), new Activation(ActivationKind.Tanh, 5), new Linear(5, 3, random, bias: false));
        var norm = (LayerNorm)network.Layers[1];
        GradientCheck.Random(random, 5, scale: 2).CopyTo(norm.Gain.Value, 0);
        GradientCheck.Random(random, 5).CopyTo(norm.Bias.Value, 0);

        Check(network, random, x => Reference.Activate(ActivationKind.Tanh, x));
    }

    private static void Check(Sequential network, Random random, Func<double[], double[]> activation)
    {
        var x = new Matrix(Rows, network.InputSize, GradientCheck.Random(random, Rows * network.InputSize));
        var r = GradientCheck.Random(random, Rows * network.OutputSize);
        var backprop = new SequentialBackprop(network);

        var output = backprop.Forward(x);
        var forwardOutput = output.Values.ToArray();
        var dx = backprop.Backward(new Matrix(Rows, network.OutputSize, r)).Values.ToArray();

        var parameters = network.NamedParameters().ToArray();
        var values = parameters.Select(p => GradientCheck.Widen(p.Parameter.Value)).ToArray();
        var xs = GradientCheck.Widen(x.Values);
        var reference = Reference.Network(network, Rows, xs, values, activation);
        for (int i = 0; i < forwardOutput.Length; i++)
        {
            Assert.Equal(reference[i], forwardOutput[i], 1e-5);
        }

        for (int p = 0; p < parameters.Length; p++)
        {
            int index = p;
            GradientCheck.Matches(parameters[p].Name, values[p], v => Reference.Project(Reference.Network(network, Rows, xs, Replace(values, index, v), activation), r), backprop.Gradients[p]);
        }

        GradientCheck.Matches("dX", xs, v => Reference.Project(Reference.Network(network, Rows, v, values, activation), r), dx);
    }

    private static double[][] Replace(double[][] values, int index, double[] replacement)
    {
        var copy = (double[][])values.Clone();
        copy[index] = replacement;
        return copy;
    }
}
