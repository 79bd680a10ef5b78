namespace Eggroll.Tasks.Rl.Environments.MiniGrid;

/// <summary>
/// MiniGrid-FourRooms-v0: a 19 × 19 grid of four 9 × 9 rooms split by a wall at column 9 and row 9,
/// each of the four inner walls with one gap at a random place; the agent (random cell and direction)
/// and the goal are anywhere. Seven actions (<see cref="MiniGridEnvironment"/>), 100 steps. Walls hide
/// what lies behind them.
/// </summary>
public sealed class FourRooms : MiniGridEnvironment
{
    /// <summary>MiniGrid's name.</summary>
    public const string Name = "MiniGrid-FourRooms-v0";

    private const int Size = 19, Room = Size / 2;

    /// <summary>Creates the environment.</summary>
    public FourRooms()
        : base(Size, Size, actionCount: 7, maxSteps: 100, seeThroughWalls: false)
    {
    }

    /// <inheritdoc/>
    protected override void Generate()
    {
        Grid.WallBorder();
        for (int j = 0; j < 2; j++)
        {
            for (int i = 0; i < 2; i++)
            {
                int left = i * Room, top = j * Room;
                if (i == 0)
                {
                    for (int y = top; y < top + Room; y++)
                    {
                        Grid[left + Room, y] = GridCell.Wall;
                    }

                    Grid[left + Room, top + 1 + Draws.Next(Room - 1)] = GridCell.Empty;
                }

                if (j == 0)
                {
                    for (int x = left; x < left + Room; x++)
                    {
                        Grid[x, top + Room] = GridCell.Wall;
                    }

                    Grid[left + 1 + Draws.Next(Room - 1), top + Room] = GridCell.Empty;
                }
            }
        }

        PlaceAgent(0, 0, Size, Size);
        PlaceObject(GridCell.Goal, 0, 0, Size, Size);
    }
}
