using Eggroll.Models;
using Eggroll.Numerics;
using Eggroll.Population;
using Eggroll.Population.Strategies;

namespace Eggroll.Tests.Modules;

public sealed class LayerTests
{
    [Theory]
    [InlineData(ActivationKind.Relu)]
    [InlineData(ActivationKind.Tanh)]
    [InlineData(ActivationKind.Silu)]
    public void ActivationsMatchTheirDefinitions(ActivationKind kind)
    {
        var x = TestData.Matrix(3, 100, 1, scale: 3f);
        float[] input = x.Values.ToArray();

        var y = new Activation(kind, 100).Forward(x, ForwardContext.Unperturbed(3));

        Assert.Same(x, y);
        for (int i = 0; i < input.Length; i++)
        {
            double v = input[i];
            double expected = kind switch
            {
                ActivationKind.Relu => Math.Max(0, v),
                ActivationKind.Tanh => Math.Tanh(v),
                _ => v / (1 + Math.Exp(-v)),
            };
            Assert.Equal(expected, y.Values[i], 5);
        }
    }

    [Fact]
    public void LayerNormNormalisesThenAppliesEachMembersGainAndBias()
    {
        var norm = new LayerNorm(4);
        var model = new Model(norm);
        var perturbation = new LowRankPerturbation(model.Parameters, 3, 2, 0.5f, 1);
        perturbation.SetNoiseEpoch(0);
        var x = TestData.Matrix(2, 4, 2, scale: 5f);

        var y = norm.Forward(x, new ForwardContext(MemberRows.Uniform(2, 1), perturbation));

        for (int t = 0; t < 2; t++)
        {
            var gain = new float[4];
            var bias = new float[4];
            perturbation.PerturbedVector(norm.Gain, t, gain);
            perturbation.PerturbedVector(norm.Bias, t, bias);
            var row = x.Row(t).ToArray();
            double mean = row.Average();
            double std = Math.Sqrt(row.Select(v => (v - mean) * (v - mean)).Average() + 1e-5);
            for (int j = 0; j < 4; j++)
            {
                Assert.Equal(((row[j] - mean) / std * gain[j]) + bias[j], y[t, j], 4);
            }
        }
    }

    [Fact]
    public void MlpHasTheRequestedShapeAndNames()
    {
        var mlp = Mlp.Create([3, 8, 2], ActivationKind.Silu, seed: 1);
        var model = new Model(mlp);

        Assert.Equal(3, mlp.InputSize);
        Assert.Equal(2, mlp.OutputSize);
        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias"], model.Parameters.Entries.Select(e => e.Name));
        Assert.Equal([0, 1, 2, 3], model.Parameters.Entries.Select(e => e.Parameter.Id));
        Assert.Equal((3 * 8) + 8 + (8 * 2) + 2, model.Parameters.ScalarCount);
    }

    [Fact]
    public void MismatchedLayersAreRejected()
    {
        var random = new Random(1);

        Assert.Throws<ArgumentException>(() => new Sequential(new Linear(3, 4, random), new Linear(5, 2, random)));
        Assert.Throws<ArgumentException>(() => new Linear(3, 4, random).Forward(new Matrix(2, 5), ForwardContext.Unperturbed(2)));
    }

    [Fact]
    public void EmbeddingRejectsTokensOutsideTheVocabulary()
    {
        var embedding = new Embedding(5, 2, new Random(1));

        Assert.Throws<ArgumentOutOfRangeException>(() => embedding.Forward([1, 5], ForwardContext.Unperturbed(2)));
    }

    [Fact]
    public void MemberRowsMapsRowsToMembers()
    {
        var rows = new MemberRows([2, 0, 3]);

        Assert.Equal(3, rows.MemberCount);
        Assert.Equal(5, rows.RowCount);
        Assert.Equal((2, 2), (rows.Start(1), rows.End(1)));
        Assert.Equal((2, 5), (rows.Start(2), rows.End(2)));
        Assert.Throws<ArgumentException>(() => new MemberRows([1, -1]));
    }

    [Fact]
    public void PopulationMustBeEven()
    {
        var model = new Model(new Linear(2, 2, new Random(1)));

        Assert.Throws<ArgumentOutOfRangeException>(() => new LowRankPerturbation(model.Parameters, 1, 5, 0.1f, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FullRankPerturbation(model.Parameters, 1, 4, 0f));
    }
}
