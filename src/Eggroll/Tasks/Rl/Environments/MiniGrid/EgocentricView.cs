namespace Eggroll.Tasks.Rl.Environments.MiniGrid;

/// <summary>
/// MiniGrid's partial observation: the 7 × 7 cells in front of the agent, rotated so that the
/// agent stands at view column 3, row 6 (bottom centre) looking up, each cell encoded as
/// (object, colour, state), followed by the agent's direction. View cell (vx, vy) is world cell
/// agent + (6 − vy)·forward + (vx − 3)·right; cells outside the grid read as walls; the agent's
/// own cell shows what it carries (else empty). Unless walls are see-through, cells hidden
/// behind walls and closed doors are unseen (0, 0, 0), by MiniGrid's <c>process_vis</c> sweep.
/// Layout: value (vx·7 + vy)·3 + c is channel c of view cell (vx, vy) (MiniGrid's image array
/// [x, y, channel] flattened in row-major order); value 147 is the direction (0 = +x, 1 = +y,
/// 2 = −x, 3 = −y).
/// </summary>
public static class EgocentricView
{
    /// <summary>Side of the view.</summary>
    public const int Size = 7;

    /// <summary>Observation length: 7 × 7 × 3 cell values and the direction.</summary>
    public const int Length = (Size * Size * 3) + 1;

    private const int AgentColumn = Size / 2, AgentRow = Size - 1;

    /// <summary>The observation bounds: objects 0–10, colours 0–5, states 0–2, direction 0–3.</summary>
    public static BoxSpace Space()
    {
        var low = new float[Length];
        var high = new float[Length];
        for (int cell = 0; cell < Size * Size; cell++)
        {
            high[(cell * 3) + 0] = (float)GridObject.Agent;
            high[(cell * 3) + 1] = (float)GridColour.Grey;
            high[(cell * 3) + 2] = GridCell.Locked;
        }

        high[Length - 1] = 3;
        return new BoxSpace(low, high);
    }

    /// <summary>(dx, dy) of one step in <paramref name="direction"/> (0 = +x, 1 = +y, 2 = −x, 3 = −y).</summary>
    public static (int Dx, int Dy) Step(int direction) => direction switch
    {
        0 => (1, 0),
        1 => (0, 1),
        2 => (-1, 0),
        _ => (0, -1),
    };

    /// <summary>Writes the observation of an agent at (<paramref name="x"/>, <paramref name="y"/>) facing <paramref name="direction"/>.</summary>
    public static void Encode(Grid grid, int x, int y, int direction, GridCell carrying, bool seeThroughWalls, Span<float> observation)
    {
        Span<GridCell> view = stackalloc GridCell[Size * Size];
        var (fx, fy) = Step(direction);
        var (rx, ry) = (-fy, fx);
        for (int vy = 0; vy < Size; vy++)
        {
            for (int vx = 0; vx < Size; vx++)
            {
                int ahead = AgentRow - vy, aside = vx - AgentColumn;
                view[At(vx, vy)] = grid[x + (fx * ahead) + (rx * aside), y + (fy * ahead) + (ry * aside)];
            }
        }

        view[At(AgentColumn, AgentRow)] = carrying;
        Span<bool> visible = stackalloc bool[Size * Size];
        if (seeThroughWalls)
        {
            visible.Fill(true);
        }
        else
        {
            Sweep(view, visible);
        }

        for (int vx = 0; vx < Size; vx++)
        {
            for (int vy = 0; vy < Size; vy++)
            {
                var cell = visible[At(vx, vy)] ? view[At(vx, vy)] : default;
                int o = ((vx * Size) + vy) * 3;
                observation[o] = (float)cell.Type;
                observation[o + 1] = (float)cell.Colour;
                observation[o + 2] = cell.State;
            }
        }

        observation[Length - 1] = direction;
    }

    /// <summary>MiniGrid's visibility sweep: from the agent's row to the far row, light spreads sideways and forwards from every visible cell that light passes.</summary>
    private static void Sweep(ReadOnlySpan<GridCell> view, Span<bool> visible)
    {
        visible[At(AgentColumn, AgentRow)] = true;
        for (int j = Size - 1; j >= 0; j--)
        {
            for (int i = 0; i < Size - 1; i++)
            {
                Spread(view, visible, i, j, i + 1);
            }

            for (int i = Size - 1; i > 0; i--)
            {
                Spread(view, visible, i, j, i - 1);
            }
        }
    }

    private static void Spread(ReadOnlySpan<GridCell> view, Span<bool> visible, int i, int j, int side)
    {
        if (!visible[At(i, j)] || !view[At(i, j)].SeeBehind)
        {
            return;
        }

        visible[At(side, j)] = true;
        if (j > 0)
        {
            visible[At(side, j - 1)] = true;
            visible[At(i, j - 1)] = true;
        }
    }

    private static int At(int vx, int vy) => (vy * Size) + vx;
}
