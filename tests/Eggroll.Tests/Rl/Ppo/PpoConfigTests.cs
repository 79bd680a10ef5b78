using Eggroll.Tasks.Rl;
using Eggroll.Tasks.Rl.Environments;

namespace Eggroll.Tests.Rl.Ppo;

/// <summary><c>method=ppo</c> selects CleanRL's defaults per action space, and bad PPO fields are named.</summary>
public sealed class PpoConfigTests
{
    [Fact]
    public void MethodPpoLoadsCleanRlDefaultsForDiscreteAndContinuousActions()
    {
        var cartPole = RlConfigLoader.Load(null, ["method=ppo"]);
        var pendulum = RlConfigLoader.Load(null, ["method=ppo", $"env.name={Pendulum.Name}"]);

        Assert.Equal(RlMethod.Ppo, cartPole.Method);
        Assert.Equal((4, 128, 4, 4, 0.01f, false), (cartPole.Ppo.Envs, cartPole.Ppo.Steps, cartPole.Ppo.Minibatches, cartPole.Ppo.UpdateEpochs, cartPole.Ppo.EntropyCoefficient, cartPole.Ppo.NormalizeRewards));
        Assert.Equal(2.5e-4f, cartPole.Optimizer.LearningRate);
        Assert.Equal(500_000 / 512, cartPole.Training.Epochs);
        Assert.Equal((1, 2048, 32, 10, 0f, true, true), (pendulum.Ppo.Envs, pendulum.Ppo.Steps, pendulum.Ppo.Minibatches, pendulum.Ppo.UpdateEpochs, pendulum.Ppo.EntropyCoefficient, pendulum.Ppo.NormalizeRewards, pendulum.Ppo.NormalizeObservations));
        Assert.Equal(3e-4f, pendulum.Optimizer.LearningRate);
        Assert.Equal([64, 64], pendulum.Model.Hidden);
        Assert.Equal(RlMethod.Eggroll, RlConfigLoader.Load(null, []).Method);
    }

    [Theory]
    [InlineData("ppo.minibatches=3", "ppo.minibatches")]
    [InlineData("ppo.gamma=1.5", "ppo.gamma")]
    [InlineData("ppo.clipCoefficient=0", "ppo.clipCoefficient")]
    [InlineData("method=\"sgd\"", "method")]
    public void AnInvalidPpoFieldIsNamed(string assignment, string field)
    {
        var error = Assert.Throws<ConfigException>(() => RlConfigLoader.Load(null, ["method=ppo", assignment]));

        Assert.Equal(field, error.Field);
    }
}
