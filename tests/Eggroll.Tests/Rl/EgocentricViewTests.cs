using Eggroll.Tasks.Rl.Environments.MiniGrid;
using static Eggroll.Tests.Rl.MiniGridStates;

namespace Eggroll.Tests.Rl;

/// <summary>
/// The MiniGrid view against MiniGrid's own construction, done independently here: slice the 7 × 7
/// block that <c>get_view_exts</c> gives for the direction (cells outside the grid are walls), then
/// rotate it left direction + 1 times (new x = old y, new y = 6 − old x), which puts the agent at (3, 6).
/// </summary>
public sealed class EgocentricViewTests
{
    [Fact]
    public void WithSeeThroughWallsEveryViewCellIsTheRotatedSliceOfTheGrid()
    {
        string[] rows = ["######", "#B...#", "#..B.#", "#.B..#", "#...G#", "######"];
        var env = new DynamicObstacles();
        for (int x = 1; x <= 4; x++)
        {
            for (int y = 1; y <= 3; y++)
            {
                for (int direction = 0; direction < 4; direction++)
                {
                    var observation = Load(env, State(rows, x, y, direction));
                    var expected = Reference(rows, x, y, direction);
                    expected[3, 6] = GridCell.Empty;
                    for (int vx = 0; vx < 7; vx++)
                    {
                        for (int vy = 0; vy < 7; vy++)
                        {
                            Assert.Equal(expected[vx, vy], ViewCell(observation, vx, vy));
                        }
                    }

                    Assert.Equal(direction, observation[^1]);
                }
            }
        }
    }

    [Fact]
    public void BehindWallsCellsAreUnseenAndEveryVisibleCellIsTheRotatedSlice()
    {
        var env = new DoorKey();
        var observation = new float[env.ObservationSpace.Size];
        int hidden = 0;
        for (ulong seed = 0; seed < 40; seed++)
        {
            env.Reset(seed, observation);
            var rows = Map(env);
            var (x, y, direction) = env.Agent;
            var expected = Reference(rows, x, y, direction);
            for (int vx = 0; vx < 7; vx++)
            {
                for (int vy = 0; vy < 6; vy++)
                {
                    var seen = ViewCell(observation, vx, vy);
                    hidden += seen == default ? 1 : 0;
                    Assert.True(seen == default || seen == expected[vx, vy], $"seed {seed}: view ({vx}, {vy}) shows {seen}, the grid has {expected[vx, vy]}");
                }
            }

            Assert.Equal(expected[3, 5], ViewCell(observation, 3, 5));
            Assert.Equal(GridCell.Empty, ViewCell(observation, 3, 6));
        }

        Assert.True(hidden > 500, $"only {hidden} unseen cells");
    }

    private static GridCell[,] Reference(string[] rows, int x, int y, int direction)
    {
        var (left, top) = direction switch
        {
            0 => (x, y - 3),
            1 => (x - 3, y),
            2 => (x - 6, y - 3),
            _ => (x - 3, y - 6),
        };
        var view = new GridCell[7, 7];
        for (int i = 0; i < 7; i++)
        {
            for (int j = 0; j < 7; j++)
            {
                int wx = left + i, wy = top + j;
                bool inside = wy >= 0 && wy < rows.Length && wx >= 0 && wx < rows[0].Length;
                view[i, j] = inside ? Parse(rows[wy][wx]) : GridCell.Wall;
            }
        }

        for (int turn = 0; turn < direction + 1; turn++)
        {
            var rotated = new GridCell[7, 7];
            for (int i = 0; i < 7; i++)
            {
                for (int j = 0; j < 7; j++)
                {
                    rotated[j, 6 - i] = view[i, j];
                }
            }

            view = rotated;
        }

        return view;
    }

    private static string[] Map(MiniGridEnvironment env) =>
        [.. Enumerable.Range(0, 8).Select(y => new string([.. Enumerable.Range(0, 8).Select(x => Symbol(env.CellAt(x, y)))]))];

    private static char Symbol(GridCell cell) => cell.Type switch
    {
        GridObject.Wall => '#',
        GridObject.Goal => 'G',
        GridObject.Key => 'K',
        GridObject.Door => 'L',
        _ => '.',
    };
}
