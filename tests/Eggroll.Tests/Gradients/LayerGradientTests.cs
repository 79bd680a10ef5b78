using Eggroll.Models;
using Eggroll.Models.Backward;
using Eggroll.Numerics;

namespace Eggroll.Tests.Gradients;

/// <summary>
/// Every layer's backward pass (float32, on the library's kernels) against central finite differences of
/// an independent float64 forward. The loss is Σ R·y for a random R, so dL/dy = R.
/// </summary>
public sealed class LayerGradientTests
{
    private readonly Random random = new(7);

    [Fact]
    public void LinearGivesTheWeightBiasAndInputGradients()
    {
        const int Rows = 3, In = 4, Out = 5;
        var layer = new Linear(In, Out, random);
        GradientCheck.Random(random, Out).CopyTo(layer.Bias!.Value, 0);
        var x = new Matrix(Rows, In, GradientCheck.Random(random, Rows * In));
        var r = GradientCheck.Random(random, Rows * Out);
        var dW = new float[Out * In];
        var db = new float[Out];
        var dx = new Matrix(Rows, In);

        LinearBackward.Run(layer, x, new Matrix(Rows, Out, r), dW, db, dx);

        double[] w = GradientCheck.Widen(layer.Weight.Value), b = GradientCheck.Widen(layer.Bias.Value), xs = GradientCheck.Widen(x.Values);
        GradientCheck.Matches("dW", w, v => Reference.Project(Reference.Linear(xs, Rows, v, b, In, Out), r), dW);
        GradientCheck.Matches("db", b, v => Reference.Project(Reference.Linear(xs, Rows, w, v, In, Out), r), db);
        GradientCheck.Matches("dX", xs, v => Reference.Project(Reference.Linear(v, Rows, w, b, In, Out), r), dx.Values);
    }

    [Theory]
    [InlineData(ActivationKind.Relu)]
    [InlineData(ActivationKind.Tanh)]
    [InlineData(ActivationKind.Silu)]
    public void ActivationGivesTheInputGradient(ActivationKind kind)
    {
        var x = GradientCheck.Random(random, 24, scale: 3);
        var r = GradientCheck.Random(random, 24);
        var dx = new float[24];

        ActivationBackward.Run(kind, x, r, dx);

        GradientCheck.Matches($"{kind} dX", GradientCheck.Widen(x), v => Reference.Project(Reference.Activate(kind, v), r), dx);
    }

    [Fact]
    public void LayerNormGivesTheGainBiasAndInputGradients()
    {
        const int Rows = 3, Size = 6;
        var norm = new LayerNorm(Size);
        GradientCheck.Random(random, Size, scale: 2).CopyTo(norm.Gain.Value, 0);
        GradientCheck.Random(random, Size).CopyTo(norm.Bias.Value, 0);
        var x = new Matrix(Rows, Size, GradientCheck.Random(random, Rows * Size, scale: 2));
        var r = GradientCheck.Random(random, Rows * Size);
        var dGain = new float[Size];
        var dBias = new float[Size];
        var dx = new Matrix(Rows, Size);

        LayerNormBackward.Run(norm, x, new Matrix(Rows, Size, r), dGain, dBias, dx);

        double[] g = GradientCheck.Widen(norm.Gain.Value), b = GradientCheck.Widen(norm.Bias.Value), xs = GradientCheck.Widen(x.Values);
        double eps = norm.Epsilon;
        GradientCheck.Matches("dGain", g, v => Reference.Project(Reference.LayerNorm(xs, Rows, Size, v, b, eps), r), dGain);
        GradientCheck.Matches("dBias", b, v => Reference.Project(Reference.LayerNorm(xs, Rows, Size, g, v, eps), r), dBias);
        GradientCheck.Matches("dX", xs, v => Reference.Project(Reference.LayerNorm(v, Rows, Size, g, b, eps), r), dx.Values);
    }

    [Fact]
    public void EmbeddingAddsEachRowGradientToItsTokenIncludingRepeats()
    {
        const int Vocabulary = 5, Width = 3;
        var embedding = new Embedding(Vocabulary, Width, random);
        int[] tokens = [2, 0, 2, 4];
        var r = GradientCheck.Random(random, tokens.Length * Width);
        var dTable = new float[Vocabulary * Width];

        EmbeddingBackward.Run(embedding, tokens, new Matrix(tokens.Length, Width, r), dTable);

        GradientCheck.Matches("dTable", GradientCheck.Widen(embedding.Table.Value), table => Reference.Project(Lookup(table, tokens, Width), r), dTable);
        Assert.All(dTable.AsSpan(3 * Width, Width).ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void SoftmaxCrossEntropyGivesTheMeanLossAndTheLogitGradient()
    {
        const int Rows = 4, Classes = 5;
        var logits = new Matrix(Rows, Classes, GradientCheck.Random(random, Rows * Classes, scale: 4));
        int[] targets = [1, 4, 0, 1];
        var dz = new Matrix(Rows, Classes);

        double loss = SoftmaxCrossEntropy.Run(logits, targets, dz);

        var z = GradientCheck.Widen(logits.Values);
        Assert.Equal(Reference.CrossEntropy(z, Rows, Classes, targets), loss, 1e-9);
        GradientCheck.Matches("dLogits", z, v => Reference.CrossEntropy(v, Rows, Classes, targets), dz.Values);
    }

    private static double[] Lookup(double[] table, int[] tokens, int width) =>
        tokens.SelectMany(t => table.AsSpan(t * width, width).ToArray()).ToArray();
}
