using Eggroll.Tasks.Rl;
using Eggroll.Tasks.Rl.Environments;
using Eggroll.Tasks.Rl.Environments.Jumanji;

namespace Eggroll.Tests.Rl;

/// <summary>Jumanji's Game2048: slides and merges, rewards, invalid moves, new tiles, the end of a game.</summary>
public sealed class Game2048Tests
{
    private const int Up = 0, Right = 1, Down = 2, Left = 3;

    [Theory]
    [InlineData(new[] { 1, 1, 1, 1 }, new[] { 2, 2, 0, 0 }, 8)]
    [InlineData(new[] { 1, 1, 2, 0 }, new[] { 2, 2, 0, 0 }, 4)]
    [InlineData(new[] { 1, 1, 1, 0 }, new[] { 2, 1, 0, 0 }, 4)]
    [InlineData(new[] { 0, 3, 0, 3 }, new[] { 4, 0, 0, 0 }, 16)]
    [InlineData(new[] { 2, 0, 1, 1 }, new[] { 2, 2, 0, 0 }, 4)]
    [InlineData(new[] { 1, 2, 1, 2 }, new[] { 1, 2, 1, 2 }, 0)]
    public void MovingLeftPacksTilesAndMergesEachPairOnceFromTheWall(int[] row, int[] expected, double reward)
    {
        var board = new int[16];
        row.CopyTo(board, 4);
        var result = new int[16];

        Assert.Equal(reward, Game2048.Slide(board, Left, result));
        Assert.Equal(expected, result[4..8]);
        Assert.All(result[..4].Concat(result[8..]), t => Assert.Equal(0, t));
    }

    [Fact]
    public void EachDirectionMovesTowardsItsWall()
    {
        int[] board = [1, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0];
        var result = new int[16];

        Assert.Equal(4, Game2048.Slide(board, Up, result));
        Assert.Equal([2, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], result);
        Assert.Equal(4, Game2048.Slide(board, Down, result));
        Assert.Equal([0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0], result);
        Assert.Equal(0, Game2048.Slide(board, Right, result));
        Assert.Equal([0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0], result);
    }

    [Fact]
    public void AValidMoveAddsOneTwoOrFourOnAnEmptyCellAndPaysTheMergedValues()
    {
        var env = new Game2048();
        var observation = Load(env, [1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], seed: 3);

        var result = env.Step([Left], observation);

        Assert.Equal(new StepResult(8, false, false), result);
        var board = observation[..16];
        Assert.Equal([2f, 2f], board[..2]);
        Assert.Single(board[2..], t => t != 0);
        Assert.Contains(board[2..].Single(t => t != 0), new[] { 1f, 2f });
    }

    [Fact]
    public void AnInvalidMoveChangesNothingAndPaysNothing()
    {
        var env = new Game2048();
        var observation = Load(env, [1, 2, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        var before = (float[])observation.Clone();

        Assert.Equal(new StepResult(0, false, false), env.Step([Left], observation));
        Assert.Equal(before, observation);
        Assert.Equal(new float[] { 0, 1, 1, 0 }, observation[16..]);
    }

    [Fact]
    public void TheGameTerminatesWhenNoMoveChangesTheBoard()
    {
        var env = new Game2048();
        var observation = Load(env, [1, 2, 1, 2, 2, 1, 2, 1, 1, 2, 1, 5, 0, 3, 4, 3]);

        Assert.Equal(new StepResult(0, true, false), env.Step([Left], observation));
        Assert.Equal(new float[] { 3, 4, 3 }, observation[12..15]);
        Assert.Equal(new float[4], observation[16..]);
    }

    [Fact]
    public void ResetStartsWithOneTileThatIsATwoNineTimesInTen()
    {
        var env = new Game2048();
        var observation = new float[env.ObservationSpace.Size];
        int fours = 0;
        for (ulong seed = 0; seed < 2000; seed++)
        {
            env.Reset(seed, observation);
            var tile = Assert.Single(observation[..16], t => t != 0);
            fours += tile == 2 ? 1 : 0;
        }

        Assert.InRange(fours, 150, 250);
    }

    [Fact]
    public void NewTilesFollowTheSeedInTheState()
    {
        int[] board = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        var spawns = Enumerable.Range(0, 40).Select(s => Spawn(board, (ulong)s)).ToList();

        Assert.Equal(spawns, Enumerable.Range(0, 40).Select(s => Spawn(board, (ulong)s)));
        Assert.True(spawns.Distinct().Count() > 10);
    }

    private static string Spawn(int[] board, ulong seed)
    {
        var env = new Game2048();
        var observation = Load(env, board, seed);
        env.Step([Right], observation);
        return string.Join(",", observation[..16]);
    }

    private static float[] Load(Game2048 env, int[] board, ulong seed = 0)
    {
        var state = new double[StateValues.SeedSize + 16];
        StateValues.WriteSeed(seed, state);
        for (int i = 0; i < 16; i++)
        {
            state[StateValues.SeedSize + i] = board[i];
        }

        var observation = new float[env.ObservationSpace.Size];
        env.SetState(state, observation);
        return observation;
    }
}
