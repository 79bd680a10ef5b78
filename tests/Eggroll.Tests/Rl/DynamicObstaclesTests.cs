using Eggroll.Tasks.Rl;
using Eggroll.Tasks.Rl.Environments.MiniGrid;
using static Eggroll.Tests.Rl.MiniGridStates;

namespace Eggroll.Tests.Rl;

/// <summary>MiniGrid-Dynamic-Obstacles-6x6: the start, obstacles that move every step, collisions, the goal.</summary>
public sealed class DynamicObstaclesTests
{
    private static readonly string[] Room =
    [
        "######",
        "#....#",
        "#....#",
        "#....#",
        "#...G#",
        "######",
    ];

    [Fact]
    public void ResetPlacesTheAgentAtOneOneFacingRightAndThreeBallsOnFreeCells()
    {
        var env = new DynamicObstacles();
        var observation = new float[env.ObservationSpace.Size];
        Assert.Equal(3, ((DiscreteSpace)env.ActionSpace).Count);
        for (ulong seed = 0; seed < 50; seed++)
        {
            env.Reset(seed, observation);
            Assert.Equal((1, 1, 0), env.Agent);
            Assert.Equal(GridCell.Goal, env.CellAt(4, 4));
            Assert.Equal(GridCell.Goal, ViewCell(observation, 6, 3));
            Assert.Equal(3, Balls(env).Count);
            Assert.Equal(3, Enumerable.Range(0, 49).Count(c => ViewCell(observation, c / 7, c % 7).Type == GridObject.Ball));
        }
    }

    [Fact]
    public void EveryStepMovesEachObstacleToAFreeNeighbouringCell()
    {
        var env = new DynamicObstacles();
        var observation = new float[env.ObservationSpace.Size];
        int moves = 0;
        for (ulong seed = 0; seed < 20; seed++)
        {
            env.Reset(seed, observation);
            for (int step = 0; step < 10; step++)
            {
                var before = Balls(env);
                env.Step([Left], observation);
                var after = Balls(env);
                Assert.Equal(3, after.Count);
                Assert.DoesNotContain((1, 1), after);
                Assert.All(after, b => Assert.InRange(b.X, 1, 4));
                Assert.All(after, b => Assert.InRange(b.Y, 1, 4));
                Assert.All(after, b => Assert.Contains(before, a => Math.Max(Math.Abs(a.X - b.X), Math.Abs(a.Y - b.Y)) <= 1));
                Assert.Equal(GridCell.Goal, env.CellAt(4, 4));
                moves += after.Except(before).Count();
            }
        }

        Assert.True(moves > 500, $"only {moves} obstacle moves in 200 steps");
    }

    [Fact]
    public void AnObstacleWithNoFreeNeighbourStays()
    {
        var env = new DynamicObstacles();
        string[] boxed = ["######", "#B...#", "#BB..#", "#....#", "#...G#", "######"];
        var observation = Load(env, State(boxed, 2, 1, direction: 0));
        env.Step([Left], observation);

        Assert.Equal(GridObject.Ball, env.CellAt(1, 1).Type);
    }

    [Theory]
    [InlineData(new[] { "######", "#.B..#", "#....#", "#....#", "#...G#", "######" }, 0)]
    [InlineData(new[] { "######", "#....#", "#....#", "#....#", "#...G#", "######" }, 3)]
    public void WalkingIntoAnObstacleOrAWallCostsOneAndEndsTheEpisode(string[] rows, int direction)
    {
        var env = new DynamicObstacles();
        var observation = Load(env, State(rows, 1, 1, direction));

        Assert.Equal(new StepResult(-1, true, false), env.Step([Forward], observation));
    }

    [Fact]
    public void TurningInFrontOfAnObstacleIsSafeAndAClearForwardMoveIsNotPunished()
    {
        var env = new DynamicObstacles();
        string[] rows = ["######", "#.B..#", "#....#", "#....#", "#...G#", "######"];
        var observation = Load(env, State(rows, 1, 1, direction: 0));
        Assert.Equal(new StepResult(0, false, false), env.Step([Right], observation));

        observation = Load(env, State(Room, 1, 1, direction: 1));
        Assert.Equal(new StepResult(0, false, false), env.Step([Forward], observation));
        Assert.Equal((1, 2, 1), env.Agent);
    }

    [Fact]
    public void ReachingTheGoalPaysTheStepDiscountedRewardOf144Steps()
    {
        var env = new DynamicObstacles();
        var observation = Load(env, State(Room, 3, 4, direction: 0));

        Assert.Equal(new StepResult(SuccessReward(1, 144), true, false), env.Step([Forward], observation));
    }

    [Fact]
    public void TheObstacleMovesFollowTheSeedInTheState()
    {
        string[] rows = ["######", "#..B.#", "#.B..#", "#...B#", "#...G#", "######"];
        var first = Trajectory(rows, seed: 5);

        Assert.Equal(first, Trajectory(rows, seed: 5));
        Assert.NotEqual(first, Trajectory(rows, seed: 6));
    }

    private static List<(int, int)> Trajectory(string[] rows, ulong seed)
    {
        var env = new DynamicObstacles();
        var observation = Load(env, State(rows, 1, 1, direction: 2, seed: seed));
        var cells = new List<(int, int)>();
        for (int i = 0; i < 8; i++)
        {
            env.Step([Left], observation);
            cells.AddRange(Balls(env).Select(b => (b.X, b.Y)));
        }

        return cells;
    }

    private static List<(int X, int Y)> Balls(MiniGridEnvironment env) =>
        [.. from y in Enumerable.Range(0, 6) from x in Enumerable.Range(0, 6) where env.CellAt(x, y).Type == GridObject.Ball select (x, y)];
}
