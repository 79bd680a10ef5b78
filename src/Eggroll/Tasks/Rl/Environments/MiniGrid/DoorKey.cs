namespace Eggroll.Tasks.Rl.Environments.MiniGrid;

/// <summary>
/// MiniGrid-DoorKey-8x8-v0: an 8 × 8 grid (walls on the border) split by a vertical wall at a random
/// column in [2, 6) with a locked yellow door at a random row in [1, 6); the agent (random cell and
/// direction) and a yellow key are in the left part, the goal in the bottom-right corner (6, 6). The
/// agent must pick up the key, open the door and reach the goal. Seven actions (<see cref="MiniGridEnvironment"/>),
/// 640 steps (10·size²). Walls and closed doors hide what lies behind them.
/// </summary>
public sealed class DoorKey : MiniGridEnvironment
{
    /// <summary>MiniGrid's name.</summary>
    public const string Name = "MiniGrid-DoorKey-8x8-v0";

    private const int Size = 8;

    /// <summary>Creates the environment.</summary>
    public DoorKey()
        : base(Size, Size, actionCount: 7, maxSteps: 10 * Size * Size, seeThroughWalls: false)
    {
    }

    /// <inheritdoc/>
    protected override void Generate()
    {
        Grid.WallBorder();
        Grid[Size - 2, Size - 2] = GridCell.Goal;
        int split = 2 + Draws.Next(Size - 4);
        for (int y = 0; y < Size; y++)
        {
            Grid[split, y] = GridCell.Wall;
        }

        PlaceAgent(0, 0, split, Size);
        Grid[split, 1 + Draws.Next(Size - 3)] = new GridCell(GridObject.Door, GridColour.Yellow, GridCell.Locked);
        PlaceObject(new GridCell(GridObject.Key, GridColour.Yellow, 0), 0, 0, split, Size);
    }
}
