using Eggroll.Tasks.Rl;
using Eggroll.Tasks.Rl.Environments.MiniGrid;
using static Eggroll.Tests.Rl.MiniGridStates;

namespace Eggroll.Tests.Rl;

/// <summary>MiniGrid-FourRooms: the rooms it draws, walls that block moving and seeing, the goal reward.</summary>
public sealed class FourRoomsTests
{
    private const int Size = 19;

    [Fact]
    public void ResetBuildsFourRoomsJoinedByOneGapInEachInnerWall()
    {
        var env = new FourRooms();
        var observation = new float[env.ObservationSpace.Size];
        for (ulong seed = 0; seed < 100; seed++)
        {
            env.Reset(seed, observation);
            Assert.Single(Enumerable.Range(1, 8), y => env.CellAt(9, y).Type != GridObject.Wall);
            Assert.Single(Enumerable.Range(10, 8), y => env.CellAt(9, y).Type != GridObject.Wall);
            Assert.Single(Enumerable.Range(1, 8), x => env.CellAt(x, 9).Type != GridObject.Wall);
            Assert.Single(Enumerable.Range(10, 8), x => env.CellAt(x, 9).Type != GridObject.Wall);
            Assert.Equal(GridCell.Wall, env.CellAt(9, 9));
            Assert.All(Enumerable.Range(0, Size), i => Assert.Equal(GridCell.Wall, env.CellAt(i, 0)));
            Assert.All(Enumerable.Range(0, Size), i => Assert.Equal(GridCell.Wall, env.CellAt(0, i)));
            var goals = (from y in Enumerable.Range(0, Size) from x in Enumerable.Range(0, Size) where env.CellAt(x, y) == GridCell.Goal select (x, y)).ToList();
            Assert.Single(goals);
            var (ax, ay, _) = env.Agent;
            Assert.NotEqual(goals[0], (ax, ay));
            Assert.Equal(GridObject.Empty, env.CellAt(ax, ay).Type);
        }
    }

    [Fact]
    public void TheAgentCannotWalkThroughWallsButPassesTheGap()
    {
        var env = new FourRooms();
        var rows = Rooms(gapRow: 4);
        var observation = Load(env, State(rows, 8, 3, direction: 0));

        Assert.Equal(new StepResult(0, false, false), env.Step([Forward], observation));
        Assert.Equal((8, 3, 0), env.Agent);
        env.Step([Right], observation);
        env.Step([Forward], observation);
        env.Step([Left], observation);
        env.Step([Forward], observation);
        env.Step([Forward], observation);
        Assert.Equal((10, 4, 0), env.Agent);
    }

    [Fact]
    public void WallsHideTheCellsBehindThem()
    {
        var env = new FourRooms();
        var observation = Load(env, State(Rooms(gapRow: 7, goal: (10, 2)), 8, 2, direction: 0));

        Assert.Equal(GridCell.Wall, Front(observation));
        Assert.Equal(GridCell.Wall, ViewCell(observation, 5, 5));
        Assert.Equal(GridCell.Empty, ViewCell(observation, 5, 6));
        Assert.Equal(GridCell.Wall, ViewCell(observation, 1, 6));
        Assert.All(Enumerable.Range(0, 7 * 5), c => Assert.Equal(default, ViewCell(observation, c % 7, c / 7)));

        var through = Load(env, State(Rooms(gapRow: 2, goal: (10, 2)), 8, 2, direction: 0));
        Assert.Equal(GridCell.Goal, ViewCell(through, 3, 4));
    }

    [Fact]
    public void ReachingTheGoalPaysOneMinusNineTenthsOfTheFractionOf100StepsUsed()
    {
        var env = new FourRooms();
        var observation = Load(env, State(Rooms(gapRow: 4, goal: (3, 2)), 2, 2, direction: 0));

        Assert.Equal(new StepResult(SuccessReward(1, 100), true, false), env.Step([Forward], observation));
        Assert.Equal(0.991, SuccessReward(1, 100), 12);
    }

    [Fact]
    public void TheEpisodeIsTruncatedAfter100Steps()
    {
        var env = new FourRooms();
        var observation = Load(env, State(Rooms(gapRow: 4), 2, 2, direction: 0));
        for (int i = 1; i < 100; i++)
        {
            Assert.False(env.Step([Left], observation).Done);
        }

        Assert.Equal(new StepResult(0, false, true), env.Step([Left], observation));
    }

    /// <summary>The four rooms with the gap between the top rooms at <paramref name="gapRow"/> and the other gaps fixed.</summary>
    private static string[] Rooms(int gapRow, (int X, int Y)? goal = null)
    {
        var cells = new char[Size, Size];
        for (int y = 0; y < Size; y++)
        {
            for (int x = 0; x < Size; x++)
            {
                bool wall = x is 0 or Size - 1 or 9 || y is 0 or Size - 1 or 9;
                cells[y, x] = wall ? '#' : '.';
            }
        }

        (cells[gapRow, 9], cells[14, 9], cells[9, 4], cells[9, 14]) = ('.', '.', '.', '.');
        if (goal is var (gx, gy))
        {
            cells[gy, gx] = 'G';
        }

        return [.. Enumerable.Range(0, Size).Select(y => new string(Enumerable.Range(0, Size).Select(x => cells[y, x]).ToArray()))];
    }
}
