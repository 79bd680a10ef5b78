using Eggroll.Population;
using Eggroll.Training.Optimizers;

namespace Eggroll.Tests.Optimizers;

public sealed class OptimizerTests
{
    [Fact]
    public void SgdAscendsTheGradient()
    {
        var (parameters, weight) = OneMatrix([1f, 2f]);
        var optimizer = new Optimizer(parameters, new OptimizerConfig { Kind = OptimizerKind.Sgd, LearningRate = 0.5f });

        optimizer.Step([[2f, -4f]]);

        Assert.Equal([2f, 0f], weight.Value);
    }

    [Fact]
    public void SgdMomentumAccumulatesVelocity()
    {
        var (parameters, weight) = OneMatrix([0f]);
        var optimizer = new Optimizer(parameters, new OptimizerConfig { Kind = OptimizerKind.Sgd, LearningRate = 1f, Momentum = 0.5f });

        optimizer.Step([[1f]]);
        optimizer.Step([[1f]]);

        Assert.Equal(1f + 1.5f, weight.Value[0], 6);
    }

    [Fact]
    public void AdamFirstStepMovesByTheLearningRateInTheGradientsDirection()
    {
        var (parameters, weight) = OneMatrix([0f, 0f]);
        var optimizer = new Optimizer(parameters, new OptimizerConfig { Kind = OptimizerKind.Adam, LearningRate = 0.1f });

        optimizer.Step([[3f, -0.001f]]);

        Assert.Equal(0.1f, weight.Value[0], 5);
        Assert.Equal(-0.1f, weight.Value[1], 4);
        Assert.Equal(1, optimizer.StepCount);
    }

    [Fact]
    public void AdamWDecaysMatricesButNotVectors()
    {
        var weight = new Parameter("w", ParameterKind.Matrix, 1, 1);
        var bias = Parameter.Vector("b", 1);
        weight.Value[0] = 2f;
        bias.Value[0] = 2f;
        var parameters = new ParameterSet([new("w", weight), new("b", bias)]);
        var optimizer = new Optimizer(parameters, new OptimizerConfig { Kind = OptimizerKind.AdamW, LearningRate = 0.1f, WeightDecay = 0.5f });

        optimizer.Step([[0f], [0f]]);

        Assert.Equal(2f - (0.1f * 0.5f * 2f), weight.Value[0], 6);
        Assert.Equal(2f, bias.Value[0]);
    }

    [Fact]
    public void FrozenParametersDoNotMove()
    {
        var (parameters, weight) = OneMatrix([1f]);
        weight.Frozen = true;
        var optimizer = new Optimizer(parameters, new OptimizerConfig { Kind = OptimizerKind.Sgd, LearningRate = 1f });

        optimizer.Step([[]]);

        Assert.Equal(1f, weight.Value[0]);
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd, 0f)]
    [InlineData(OptimizerKind.Sgd, 0.9f)]
    [InlineData(OptimizerKind.Adam, 0f)]
    [InlineData(OptimizerKind.AdamW, 0f)]
    public void VectorisedBlockedStepsEqualTheScalarRuleBitForBit(OptimizerKind kind, float momentum)
    {
        int[] sizes = [1, 7, 33, 16_383, 16_385, (2 << 14) + 9];
        var config = new OptimizerConfig { Kind = kind, LearningRate = 0.03f, Momentum = momentum, WeightDecay = 0.2f };
        var parameters = new ParameterSet(sizes.Select((n, i) => new NamedParameter($"w{i}", new Parameter($"w{i}", ParameterKind.Matrix, 1, n))));
        var optimizer = new Optimizer(parameters, config);
        var expected = sizes.Select(n => new float[n]).ToArray();
        var first = sizes.Select(n => new float[n]).ToArray();
        var second = sizes.Select(n => new float[n]).ToArray();
        for (int id = 0; id < sizes.Length; id++)
        {
            for (int j = 0; j < sizes[id]; j++)
            {
                expected[id][j] = parameters[id].Parameter.Value[j] = MathF.Sin((j * 0.7f) + id);
            }
        }

        for (int step = 1; step <= 3; step++)
        {
            var gradients = sizes.Select((n, id) => Enumerable.Range(0, n).Select(j => MathF.Cos((j * 0.3f) + (step * id))).ToArray()).ToArray();
            optimizer.Step(gradients);
            for (int id = 0; id < sizes.Length; id++)
            {
                double squares = 0;
                for (int j = 0; j < sizes[id]; j++)
                {
                    float before = expected[id][j];
                    ScalarStep(config, step, ref expected[id][j], gradients[id][j], ref first[id][j], ref second[id][j]);
                    squares += (double)(expected[id][j] - before) * (expected[id][j] - before);
                }

                Assert.Equal(expected[id], parameters[id].Parameter.Value);
                Assert.Equal(Math.Sqrt(squares), optimizer.UpdateNorm(id), 1e-4 * Math.Sqrt(squares));
            }
        }
    }

    [Fact]
    public void AGradientOfTheWrongLengthIsRejectedBeforeAnythingMoves()
    {
        var (parameters, weight) = OneMatrix([1f, 2f]);
        var optimizer = new Optimizer(parameters, new OptimizerConfig { Kind = OptimizerKind.Sgd, LearningRate = 1f });

        var error = Assert.Throws<ArgumentException>(() => optimizer.Step([[1f]]));

        Assert.Contains("'w'", error.Message);
        Assert.Equal([1f, 2f], weight.Value);
        Assert.Equal(0, optimizer.StepCount);
    }

    [Theory]
    [InlineData("LearningRate", -1f, "optimizer.learningRate")]
    [InlineData("LearningRate", float.NaN, "optimizer.learningRate")]
    [InlineData("Momentum", 1f, "optimizer.momentum")]
    [InlineData("Beta2", -0.1f, "optimizer.beta2")]
    [InlineData("WeightDecay", -1f, "optimizer.weightDecay")]
    public void InvalidSettingsNameTheField(string property, float value, string field)
    {
        var config = property switch
        {
            "LearningRate" => new OptimizerConfig { LearningRate = value },
            "Momentum" => new OptimizerConfig { Momentum = value },
            "Beta2" => new OptimizerConfig { Beta2 = value },
            _ => new OptimizerConfig { WeightDecay = value },
        };

        var error = Assert.Throws<ConfigException>(() => config.Validate());

        Assert.Equal(field, error.Field);
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd, 0f, new string[0])]
    [InlineData(OptimizerKind.Sgd, 0.5f, new[] { "first.w" })]
    [InlineData(OptimizerKind.Adam, 0f, new[] { "first.w", "second.w" })]
    [InlineData(OptimizerKind.AdamW, 0f, new[] { "first.w", "second.w" })]
    public void StateTensorsAreTheMomentsTheRuleKeeps(OptimizerKind kind, float momentum, string[] names)
    {
        var (parameters, _) = OneMatrix([1f, 2f, 3f]);
        var optimizer = new Optimizer(parameters, new OptimizerConfig { Kind = kind, Momentum = momentum });

        optimizer.Step([[1f, -1f, 2f]]);

        var state = optimizer.StateTensors().ToList();
        Assert.Equal(names, state.Select(s => s.Name));
        Assert.All(state, s => Assert.Equal(3, s.Values.Length));
        Assert.All(state, s => Assert.NotEqual(0f, s.Values[0]));
    }

    [Fact]
    public void FrozenParametersKeepNoStateAndReportNoUpdate()
    {
        var weight = new Parameter("w", ParameterKind.Matrix, 1, 2);
        var frozen = new Parameter("f", ParameterKind.Matrix, 1, 2) { Frozen = true };
        var optimizer = new Optimizer(new ParameterSet([new("w", weight), new("f", frozen)]), new OptimizerConfig { Kind = OptimizerKind.Adam });

        optimizer.Step([[1f, 1f], []]);

        Assert.Equal(["first.w", "second.w"], optimizer.StateTensors().Select(s => s.Name));
        Assert.Equal(0.0, optimizer.UpdateNorm(1));
        Assert.Equal(0.01 * Math.Sqrt(2), optimizer.UpdateNorm(0), 6);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(0.25f)]
    [InlineData(2f)]
    public void TheLearningRateScaleMultipliesTheStep(float scale)
    {
        var (parameters, weight) = OneMatrix([1f]);
        var optimizer = new Optimizer(parameters, new OptimizerConfig { Kind = OptimizerKind.Sgd, LearningRate = 0.5f });

        optimizer.Step([[2f]], scale);

        Assert.Equal(1f + (0.5f * scale * 2f), weight.Value[0]);
        Assert.Equal(1, optimizer.StepCount);
    }

    [Theory]
    [InlineData(-0.5f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void ANegativeOrNonFiniteLearningRateScaleIsRejectedBeforeAnythingMoves(float scale)
    {
        var (parameters, weight) = OneMatrix([1f]);
        var optimizer = new Optimizer(parameters, new OptimizerConfig { Kind = OptimizerKind.Sgd });

        Assert.Throws<ArgumentOutOfRangeException>(() => optimizer.Step([[2f]], scale));

        Assert.Equal([1f], weight.Value);
        Assert.Equal(0, optimizer.StepCount);
    }

    [Fact]
    public void ARestoredStepCountSetsAdamsBiasCorrection()
    {
        var (parameters, weight) = OneMatrix([0f]);
        var optimizer = new Optimizer(parameters, new OptimizerConfig { Kind = OptimizerKind.Adam, LearningRate = 0.1f, Beta1 = 0.5f, Beta2 = 0.75f });

        optimizer.RestoreStepCount(1);
        optimizer.Step([[2f]]);

        // Step 2 from zero moments: m = 0.5·2 = 1, v = 0.25·4 = 1; corrected by 1 − 0.5² and 1 − 0.75².
        float expected = 0.1f * (1f / 0.75f) / (MathF.Sqrt(1f / (1f - (0.75f * 0.75f))) + 1e-8f);
        Assert.Equal(expected, weight.Value[0], 6);
        Assert.Equal(2, optimizer.StepCount);
        Assert.Throws<ArgumentOutOfRangeException>(() => optimizer.RestoreStepCount(-1));
    }

    [Fact]
    public void AMissingGradientIsRejected()
    {
        var (parameters, _) = OneMatrix([1f]);
        var optimizer = new Optimizer(parameters, new OptimizerConfig());

        Assert.Throws<ArgumentNullException>(() => optimizer.Step(null!));
        Assert.Throws<ArgumentException>(() => optimizer.Step([]));
        Assert.Throws<ArgumentException>(() => optimizer.Step([null!]));
    }

    [Fact]
    public void AParameterFrozenAfterTheOptimiserWasBuiltStopsMoving()
    {
        var (parameters, weight) = OneMatrix([1f, 2f]);
        var optimizer = new Optimizer(parameters, new OptimizerConfig { Kind = OptimizerKind.Sgd, LearningRate = 1f });
        optimizer.Step([[1f, 1f]]);

        weight.Frozen = true;
        optimizer.Step([[]]);

        Assert.Equal([2f, 3f], weight.Value);
        Assert.Equal(0.0, optimizer.UpdateNorm(0));
    }

    [Theory]
    [InlineData("Kind", "optimizer.kind", "7")]
    [InlineData("Convention", "optimizer.convention", "7")]
    [InlineData("Epsilon", "optimizer.epsilon", "got 0")]
    [InlineData("InfiniteLearningRate", "optimizer.learningRate", "got Infinity")]
    [InlineData("Beta1", "optimizer.beta1", "got 1")]
    [InlineData("NegativeMomentum", "optimizer.momentum", "got -0.1")]
    [InlineData("InfiniteWeightDecay", "optimizer.weightDecay", "got Infinity")]
    public void EveryInvalidFieldIsNamedWithItsValue(string problem, string field, string value)
    {
        var config = problem switch
        {
            "Kind" => new OptimizerConfig { Kind = (OptimizerKind)7 },
            "Convention" => new OptimizerConfig { Convention = (LearningRateConvention)7 },
            "Epsilon" => new OptimizerConfig { Epsilon = 0f },
            "InfiniteLearningRate" => new OptimizerConfig { LearningRate = float.PositiveInfinity },
            "Beta1" => new OptimizerConfig { Beta1 = 1f },
            "NegativeMomentum" => new OptimizerConfig { Momentum = -0.1f },
            _ => new OptimizerConfig { WeightDecay = float.PositiveInfinity },
        };

        var error = Assert.Throws<ConfigException>(() => config.Validate());
        var refused = Assert.Throws<ConfigException>(() => new Optimizer(OneMatrix([1f]).Parameters, config));

        Assert.Equal(field, error.Field);
        Assert.Contains(value, error.Detail, StringComparison.Ordinal);
        Assert.Equal(error.Message, refused.Message);
    }

    [Fact]
    public void BoundaryValuesAreValid()
    {
        var config = new OptimizerConfig { Momentum = 0f, Beta1 = 0f, Beta2 = 0.999999f, WeightDecay = 0f, LearningRate = float.Epsilon };

        config.Validate();
    }

    /// <summary>The textbook update of one element, written out in scalar form.</summary>
    private static void ScalarStep(OptimizerConfig c, int step, ref float value, float gradient, ref float m, ref float v)
    {
        if (c.Kind == OptimizerKind.Sgd)
        {
            m = (c.Momentum * m) + gradient;
            value += c.LearningRate * (c.Momentum > 0f ? m : gradient);
            return;
        }

        m = (c.Beta1 * m) + ((1f - c.Beta1) * gradient);
        v = (c.Beta2 * v) + ((1f - c.Beta2) * gradient * gradient);
        float mHat = m / (1f - MathF.Pow(c.Beta1, step));
        float vHat = v / (1f - MathF.Pow(c.Beta2, step));
        float decay = c.Kind == OptimizerKind.AdamW ? c.LearningRate * c.WeightDecay : 0f;
        value += (c.LearningRate * mHat / (MathF.Sqrt(vHat) + c.Epsilon)) - (decay * value);
    }

    private static (ParameterSet Parameters, Parameter Weight) OneMatrix(float[] values)
    {
        var weight = new Parameter("w", ParameterKind.Matrix, 1, values.Length);
        values.CopyTo(weight.Value, 0);
        return (new ParameterSet([new("w", weight)]), weight);
    }
}
