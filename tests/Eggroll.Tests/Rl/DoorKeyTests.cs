using Eggroll.Tasks.Rl;
using Eggroll.Tasks.Rl.Environments.MiniGrid;
using static Eggroll.Tests.Rl.MiniGridStates;

namespace Eggroll.Tests.Rl;

/// <summary>MiniGrid-DoorKey-8x8: the layout it draws and each action's effect from set-up states.</summary>
public sealed class DoorKeyTests
{
    private static readonly string[] Map =
    [
        "########",
        "#..#...#",
        "#..#...#",
        "#K.L...#",
        "#..#...#",
        "#..#...#",
        "#..#..G#",
        "########",
    ];

    [Fact]
    public void ResetSplitsTheGridWithALockedYellowDoorAndPutsAgentAndKeyOnTheLeft()
    {
        var env = new DoorKey();
        var observation = new float[env.ObservationSpace.Size];
        var splits = new HashSet<int>();
        for (ulong seed = 0; seed < 200; seed++)
        {
            env.Reset(seed, observation);
            int split = Enumerable.Range(2, 4).Single(x => Enumerable.Range(0, 8).All(y => env.CellAt(x, y).Type is GridObject.Wall or GridObject.Door));
            splits.Add(split);
            var door = Enumerable.Range(0, 8).Single(y => env.CellAt(split, y).Type == GridObject.Door);
            Assert.InRange(door, 1, 5);
            Assert.Equal(new GridCell(GridObject.Door, GridColour.Yellow, GridCell.Locked), env.CellAt(split, door));
            Assert.Equal(GridCell.Goal, env.CellAt(6, 6));
            var (x, y, direction) = env.Agent;
            Assert.InRange(x, 1, split - 1);
            Assert.InRange(direction, 0, 3);
            Assert.Equal(GridObject.Empty, env.CellAt(x, y).Type);
            var keys = Cells(env).Where(c => c.Cell.Type == GridObject.Key).ToList();
            Assert.Single(keys);
            Assert.Equal(GridColour.Yellow, keys[0].Cell.Colour);
            Assert.True(keys[0].X < split);
        }

        Assert.Equal([2, 3, 4, 5], splits.Order());
    }

    [Fact]
    public void TurningChangesOnlyTheDirection()
    {
        var env = new DoorKey();
        var observation = Load(env, State(Map, 2, 3, direction: 0));

        env.Step([Left], observation);
        Assert.Equal((2, 3, 3), env.Agent);
        Assert.Equal(3, observation[^1]);
        env.Step([Right], observation);
        env.Step([Right], observation);
        Assert.Equal((2, 3, 1), env.Agent);
        Assert.Equal(1, observation[^1]);
    }

    [Fact]
    public void TheLockedDoorOpensOnlyForTheYellowKeyAndThenToggles()
    {
        var env = new DoorKey();
        var observation = Load(env, State(Map, 2, 3, direction: 0));
        Assert.Equal(new StepResult(0, false, false), env.Step([Toggle], observation));
        Assert.Equal(GridCell.Locked, Front(observation).State);
        env.Step([Forward], observation);
        Assert.Equal((2, 3, 0), env.Agent);

        observation = Load(env, State(Map, 2, 3, direction: 0, carrying: Parse('R')));
        env.Step([Toggle], observation);
        Assert.Equal(GridCell.Locked, Front(observation).State);

        observation = Load(env, State(Map, 2, 3, direction: 0, carrying: YellowKey));
        env.Step([Toggle], observation);
        Assert.Equal(new GridCell(GridObject.Door, GridColour.Yellow, GridCell.Open), Front(observation));
        env.Step([Toggle], observation);
        Assert.Equal(GridCell.Closed, Front(observation).State);
        env.Step([Forward], observation);
        Assert.Equal((2, 3, 0), env.Agent);
        env.Step([Toggle], observation);
        env.Step([Forward], observation);
        Assert.Equal((3, 3, 0), env.Agent);
        Assert.Equal(YellowKey, ViewCell(observation, 3, 6));
    }

    [Fact]
    public void PickUpTakesTheKeyInFrontOnceAndDropPutsItOnAnEmptyCell()
    {
        var env = new DoorKey();
        var observation = Load(env, State(Map, 2, 3, direction: 2));
        Assert.Equal(YellowKey, Front(observation));

        env.Step([PickUp], observation);
        Assert.Equal(GridCell.Empty, Front(observation));
        Assert.Equal(YellowKey, ViewCell(observation, 3, 6));
        Assert.Equal(GridCell.Empty, env.CellAt(1, 3));

        env.Step([Right], observation);
        env.Step([Drop], observation);
        Assert.Equal(GridCell.Empty, ViewCell(observation, 3, 6));
        Assert.Equal(YellowKey, env.CellAt(2, 2));

        observation = Load(env, State(Map, 2, 3, direction: 2, carrying: Parse('R')));
        env.Step([PickUp], observation);
        Assert.Equal(YellowKey, env.CellAt(1, 3));
        env.Step([Drop], observation);
        Assert.Equal(YellowKey, env.CellAt(1, 3));
        Assert.Equal(Parse('R'), ViewCell(observation, 3, 6));
        env.Step([Left], observation);
        env.Step([Drop], observation);
        Assert.Equal(Parse('R'), env.CellAt(2, 4));
    }

    [Fact]
    public void WallsStopTheAgentAndDoneDoesNothing()
    {
        var env = new DoorKey();
        var observation = Load(env, State(Map, 1, 1, direction: 3));
        var before = (float[])observation.Clone();

        Assert.Equal(new StepResult(0, false, false), env.Step([Forward], observation));
        Assert.Equal((1, 1, 3), env.Agent);
        env.Step([Done], observation);
        Assert.Equal(before, observation);
    }

    [Fact]
    public void ReachingTheGoalTerminatesWithTheStepDiscountedReward()
    {
        var env = new DoorKey();
        var observation = Load(env, State([.. Map.Select(r => r.Replace('K', '.'))], 5, 6, direction: 0));

        Assert.Equal(new StepResult(SuccessReward(1, 640), true, false), env.Step([Forward], observation));

        Load(env, State(Map, 5, 6, direction: 1));
        env.Step([Done], observation);
        env.Step([Left], observation);
        Assert.Equal(new StepResult(SuccessReward(3, 640), true, false), env.Step([Forward], observation));
    }

    [Fact]
    public void TheEpisodeIsTruncatedAfter640Steps()
    {
        var env = new DoorKey();
        var observation = Load(env, State(Map, 1, 1, direction: 0));
        for (int i = 1; i < 640; i++)
        {
            Assert.False(env.Step([Done], observation).Done);
        }

        Assert.Equal(new StepResult(0, false, true), env.Step([Done], observation));
    }

    [Fact]
    public void BadStatesAreRejectedNamingTheValueAndLeaveTheEnvironmentAsItWas()
    {
        var env = new DoorKey();
        var observation = Load(env, State([.. Map.Select(r => r.Replace('K', '.'))], 5, 6, direction: 0));
        var state = State(Map, 2, 3, 0);
        state[4] = 4;
        Assert.Contains("direction", Assert.Throws<ArgumentException>(() => env.SetState(state, observation)).Message, StringComparison.Ordinal);
        state = State(Map, 2, 3, 0);
        state[^3] = 7;
        Assert.Contains("cell (7, 7) object", Assert.Throws<ArgumentException>(() => env.SetState(state, observation)).Message, StringComparison.Ordinal);

        Assert.Equal((5, 6, 0), env.Agent);
        Assert.Equal(GridCell.Empty, env.CellAt(1, 3));
        Assert.True(env.Step([Forward], observation).Terminated);
    }

    private static IEnumerable<(int X, int Y, GridCell Cell)> Cells(MiniGridEnvironment env) =>
        from y in Enumerable.Range(0, 8) from x in Enumerable.Range(0, 8) select (x, y, env.CellAt(x, y));
}
