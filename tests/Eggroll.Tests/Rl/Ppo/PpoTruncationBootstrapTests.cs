using Eggroll.Models;
using Eggroll.Numerics;
using Eggroll.Tasks.Rl;
using Eggroll.Tasks.Rl.Environments;
using Eggroll.Tasks.Rl.Ppo;

namespace Eggroll.Tests.Rl.Ppo;

/// <summary>
/// A time-limit truncation bootstraps: the truncated step learns from r + γ·V(final observation), with the
/// final observation rebuilt here by replaying the rollout's actions on a fresh environment.
/// </summary>
public sealed class PpoTruncationBootstrapTests
{
    private const ulong Seed = 7;
    private const float Gamma = 0.9f;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ATruncatedStepsAdvantageIncludesGammaTimesTheCriticsValueOfItsFinalObservationOnlyWhenSwitchedOn(bool bootstrap)
    {
        var probe = new Pendulum();
        int last = probe.MaxEpisodeSteps - 1;
        var config = new PpoConfig { Envs = 1, Steps = probe.MaxEpisodeSteps, Minibatches = 4, Gamma = Gamma, BootstrapTruncation = bootstrap };
        var agent = new PpoAgent(probe.ObservationSpace.Size, probe.ActionSpace, [8], ActivationKind.Tanh, 0f, Seed);
        var normalizer = new ObservationNormalizer(probe.ObservationSpace.Size, 10f);
        normalizer.Record([0.5f, -0.2f, 1.5f]);
        normalizer.Record([-0.3f, 0.4f, -2.5f]);
        normalizer.Commit();
        var rollout = new PpoRollout(config, agent, new PpoEnvironments(() => new Pendulum(), 1, Seed), normalizer);
        var results = new List<StepResult>();

        rollout.Collect(Seed, epoch: 1, (_, result, _) =>
        {
            results.Add(result);
            return (float)result.Reward;
        });

        Assert.Equal((false, true), (results[last].Terminated, results[last].Truncated));
        Assert.DoesNotContain(results.Take(last), r => r.Done);
        var final = new Matrix(1, probe.ObservationSpace.Size);
        normalizer.Normalize(ReplayFinalObservation(rollout.Actions, probe.MaxEpisodeSteps), final.Row(0));
        double bootstrapTerm = Gamma * (double)agent.Critic.Forward(final)[0, 0];
        Assert.True(Math.Abs(bootstrapTerm) > 1e-2, $"the critic's value of the final observation should be large enough to tell the cases apart, got {bootstrapTerm}");
        double expected = results[last].Reward + (bootstrap ? bootstrapTerm : 0) - rollout.Values[last];
        Assert.Equal(expected, rollout.Advantages[last], 1e-4);
        Assert.Equal(expected + rollout.Values[last], rollout.Returns[last], 1e-4);
    }

    private static float[] ReplayFinalObservation(float[] actions, int steps)
    {
        var environment = new Pendulum();
        var observation = new float[environment.ObservationSpace.Size];
        var box = (BoxSpace)environment.ActionSpace;
        environment.Reset(EpisodeRandom.EpisodeSeed(Seed, PpoEnvironments.Stream, 0, 0), observation);
        for (int t = 0; t < steps; t++)
        {
            environment.Step([Math.Clamp(actions[t], box.Low[0], box.High[0])], observation);
        }

        return observation;
    }
}
