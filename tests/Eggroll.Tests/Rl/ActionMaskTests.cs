using Eggroll.Models;
using Eggroll.Numerics;
using Eggroll.Population;
using Eggroll.Tasks.Rl;
using Eggroll.Tasks.Rl.Environments;
using Eggroll.Tasks.Rl.Environments.Jumanji;

namespace Eggroll.Tests.Rl;

/// <summary>Valid-action masks: reading them out of observations, the masked argmax, and policies that use them.</summary>
public sealed class ActionMaskTests
{
    [Theory]
    [InlineData(new[] { 1f, 0f, 1f, 1f }, 2)]
    [InlineData(new[] { 1f, 1f, 1f, 1f }, 1)]
    [InlineData(new float[0], 1)]
    [InlineData(new[] { 0f, 0f, 0f, 1f }, 3)]
    [InlineData(new[] { 1f, 0f, 0f, 0f }, 0)]
    public void TheArgmaxTakesTheLargestValidLogitAndTheLowestIndexOnTies(float[] mask, int expected)
    {
        Assert.Equal(expected, ActionMask.Argmax([3f, 5f, 5f, 1f], mask));
    }

    [Fact]
    public void TheMaskIsReadAtTheSpacesOffsetOnlyWhenMaskingIsOn()
    {
        float[] observation = [9f, 9f, 0f, 1f, 1f];

        Assert.Equal([0f, 1f, 1f], ActionMask.Of(observation, new DiscreteSpace(3, maskOffset: 2), masked: true).ToArray());
        Assert.True(ActionMask.Of(observation, new DiscreteSpace(3, maskOffset: 2), masked: false).IsEmpty);
        Assert.True(ActionMask.Of(observation, new DiscreteSpace(3), masked: true).IsEmpty);
        Assert.True(ActionMask.Of(observation, new BoxSpace([0f], [1f]), masked: true).IsEmpty);
    }

    [Fact]
    public void AMaskThatAllowsNoActionAllowsEveryAction()
    {
        var mask = ActionMask.Of([0f, 0f, 0f], new DiscreteSpace(3, maskOffset: 0), masked: true);

        Assert.True(mask.IsEmpty);
        Assert.True(ActionMask.IsValid(mask, 2));
    }

    [Fact]
    public void AMaskOutsideTheObservationIsRefused()
    {
        var model = new Model(Mlp.Create([4, 3], ActivationKind.Tanh, 1));
        var observations = new BoxSpace(new float[4], [1f, 1f, 1f, 1f]);

        var error = Assert.Throws<ArgumentException>(() => new Policy(model, observations, new DiscreteSpace(3, maskOffset: 2)));

        Assert.Contains("[2, 5)", error.Message, StringComparison.Ordinal);
        Assert.Equal("actionSpace", error.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DiscreteSpace(3, maskOffset: -1));
    }

    [Fact]
    public void TheJumanjiEnvironmentsDeclareTheMaskTheirObservationsCarry()
    {
        Assert.Equal(16, ((DiscreteSpace)new Game2048().ActionSpace).MaskOffset);
        Assert.Equal(3 * Knapsack.Items, ((DiscreteSpace)new Knapsack().ActionSpace).MaskOffset);
        Assert.Equal(Snake.Size * Snake.Size * 5, ((DiscreteSpace)new Snake().ActionSpace).MaskOffset);
        Assert.Null(((DiscreteSpace)new CartPole().ActionSpace).MaskOffset);
    }

    [Fact]
    public void AMaskedPolicyOn2048TakesTheOnlyValidMoveWhereTheUnmaskedOneTakesItsFavourite()
    {
        var env = new Game2048();
        var observation = new float[env.ObservationSpace.Size];
        int[] topRowOnly = [1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        env.SetState([0, 0, .. topRowOnly.Select(v => (double)v)], observation);
        Assert.Equal([0f, 0f, 1f, 0f], observation[16..]);

        Assert.Equal(2, Act(FavouringUp(env, maskActions: true), observation));
        Assert.Equal(0, Act(FavouringUp(env, maskActions: false), observation));
    }

    [Fact]
    public void AMaskedPolicyOnKnapsackPacksUntilNothingFitsWhereAnUnmaskedOneStopsOnAnInvalidChoice()
    {
        var masked = Play(maskActions: true);
        var unmasked = Play(maskActions: false);

        Assert.All(masked, episode => Assert.True(episode.AllValid && episode.NothingFitsAtTheEnd));
        Assert.Contains(unmasked, episode => !episode.AllValid && !episode.NothingFitsAtTheEnd);
        Assert.True(masked.Average(e => e.Return) > unmasked.Average(e => e.Return));
    }

    [Fact]
    public void AMaskedPolicyOnSnakeDiesOnlyWhenTrappedWhereAnUnmaskedOneTakesFatalMoves()
    {
        var masked = PlaySnake(maskActions: true);
        var unmasked = PlaySnake(maskActions: false);

        Assert.All(masked, death => Assert.False(death.HadAValidMove));
        Assert.Contains(unmasked, death => death.HadAValidMove);
    }

    /// <summary>Plays eight episodes; for each one that ends in a fatal move, whether the mask offered a valid move then.</summary>
    private static List<(ulong Seed, bool HadAValidMove)> PlaySnake(bool maskActions)
    {
        var env = new Snake();
        int maskOffset = ((DiscreteSpace)env.ActionSpace).MaskOffset!.Value;
        var policy = Policy.CreateMlp(env, [16], ActivationKind.Tanh, seed: 3, ActionSquash.Tanh, normalizeObservations: false, maskActions);
        var observation = new float[env.ObservationSpace.Size];
        var deaths = new List<(ulong, bool)>();
        for (ulong seed = 0; seed < 8; seed++)
        {
            env.Reset(seed, observation);
            StepResult result;
            bool hadAValidMove;
            do
            {
                hadAValidMove = observation[maskOffset..].Contains(1f);
                result = env.Step([Act(policy, observation)], observation);
            }
            while (!result.Terminated && !result.Truncated);

            if (result.Terminated)
            {
                deaths.Add((seed, hadAValidMove));
            }
        }

        return deaths;
    }

    private static List<(bool AllValid, bool NothingFitsAtTheEnd, double Return)> Play(bool maskActions)
    {
        var env = new Knapsack();
        var policy = Policy.CreateMlp(env, [16], ActivationKind.Tanh, seed: 4, ActionSquash.Tanh, normalizeObservations: false, maskActions);
        var observation = new float[env.ObservationSpace.Size];
        var episodes = new List<(bool, bool, double)>();
        for (ulong seed = 0; seed < 8; seed++)
        {
            env.Reset(seed, observation);
            bool allValid = true;
            double total = 0;
            StepResult result;
            do
            {
                int action = Act(policy, observation);
                allValid &= observation[(3 * Knapsack.Items) + action] == 1f;
                result = env.Step([action], observation);
                total += result.Reward;
            }
            while (!result.Terminated && !result.Truncated);

            episodes.Add((allValid, observation[(3 * Knapsack.Items)..].All(fits => fits == 0f), total));
        }

        return episodes;
    }

    private static Policy FavouringUp(Game2048 env, bool maskActions)
    {
        var policy = Policy.CreateMlp(env, [], ActivationKind.Tanh, seed: 1, ActionSquash.Tanh, normalizeObservations: false, maskActions);
        var entries = policy.Model.Parameters.Entries;
        Array.Clear(entries[0].Parameter.Value);
        entries[1].Parameter.Value[0] = 1f;
        return policy;
    }

    private static int Act(Policy policy, float[] observation)
    {
        var actions = new Matrix(1, 1);
        policy.Act(new Matrix(1, observation.Length, observation), ForwardContext.Unperturbed(1), actions);
        return (int)actions[0, 0];
    }
}
