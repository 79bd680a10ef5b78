namespace Eggroll.Tasks.Rl.Environments.MiniGrid;

/// <summary>
/// MiniGrid-Dynamic-Obstacles-6x6-v0: a 6 × 6 room (walls on the border), the agent at (1, 1) facing +x,
/// the goal at (4, 4) and 3 blue balls on random free cells. Three actions: left, right, forward.
/// Each step first notes whether the cell in front holds anything but the goal (an obstacle or a wall),
/// then moves every obstacle, in row-major order of their cells, to a cell drawn uniformly from the
/// empty cells of the 3 × 3 block around it that the agent does not occupy (it stays when there is
/// none; MiniGrid gives up after 100 rejected draws, which this treats as never happening), then
/// applies the action. A forward action whose front cell was not clear gives reward −1 and terminates.
/// 144 steps (4·size²); the whole view is visible (MiniGrid sets <c>see_through_walls</c>).
/// </summary>
public sealed class DynamicObstacles : MiniGridEnvironment
{
    /// <summary>MiniGrid's name.</summary>
    public const string Name = "MiniGrid-Dynamic-Obstacles-6x6-v0";

    private const int Size = 6, ObstacleCount = 3;
    private static readonly GridCell Obstacle = new(GridObject.Ball, GridColour.Blue, 0);
    private readonly List<(int X, int Y)> obstacles = [];

    /// <summary>Creates the environment.</summary>
    public DynamicObstacles()
        : base(Size, Size, actionCount: 3, maxSteps: 4 * Size * Size, seeThroughWalls: true)
    {
    }

    /// <inheritdoc/>
    protected override void Generate()
    {
        Grid.WallBorder();
        Grid[Size - 2, Size - 2] = GridCell.Goal;
        (AgentX, AgentY, Direction) = (1, 1, 0);
        for (int i = 0; i < ObstacleCount; i++)
        {
            PlaceObject(Obstacle, 0, 0, Size, Size);
        }
    }

    /// <inheritdoc/>
    protected override double Advance(ReadOnlySpan<float> action, out bool terminated)
    {
        int index = ((DiscreteSpace)ActionSpace).IndexOf(action[0]);
        var (fx, fy) = FrontPosition;
        bool blocked = Grid[fx, fy].Type is not (GridObject.Empty or GridObject.Goal);
        MoveObstacles();
        double reward = Act(index, out terminated);
        if (index == Forward && blocked)
        {
            terminated = true;
            return -1;
        }

        return reward;
    }

    private void MoveObstacles()
    {
        Draws.Restart(Seed, (uint)(ElapsedSteps + 1));
        obstacles.Clear();
        for (int y = 0; y < Size; y++)
        {
            for (int x = 0; x < Size; x++)
            {
                if (Grid[x, y].Type == GridObject.Ball)
                {
                    obstacles.Add((x, y));
                }
            }
        }

        foreach (var (x, y) in obstacles)
        {
            if (TryDrawFreeCell(x - 1, y - 1, 3, 3, out var to))
            {
                Grid[to.X, to.Y] = Grid[x, y];
                Grid[x, y] = GridCell.Empty;
            }
        }
    }
}
