using Eggroll.Modules;
using Eggroll.Optimizers;

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

    private static (ParameterSet Parameters, Parameter Weight) OneMatrix(float[] values)
    {
        var weight = new Parameter("w", ParameterKind.Matrix, 1, values.Length);
        values.CopyTo(weight.Value, 0);
        return (new ParameterSet([new("w", weight)]), weight);
    }
}
