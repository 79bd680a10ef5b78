namespace Eggroll.Tasks.Rl.Environments.MiniGrid;

/// <summary>A width × height grid of cells; cells outside it read as walls, as in MiniGrid's <c>Grid.slice</c>.</summary>
public sealed class Grid
{
    private readonly GridCell[] cells;

    /// <summary>Creates an empty grid.</summary>
    public Grid(int width, int height)
    {
        Width = width;
        Height = height;
        cells = new GridCell[width * height];
        Clear();
    }

    /// <summary>Number of columns (x).</summary>
    public int Width { get; }

    /// <summary>Number of rows (y, growing downwards).</summary>
    public int Height { get; }

    /// <summary>The cell at (<paramref name="x"/>, <paramref name="y"/>); a wall outside the grid.</summary>
    public GridCell this[int x, int y]
    {
        get => Contains(x, y) ? cells[(y * Width) + x] : GridCell.Wall;
        set => cells[(y * Width) + x] = value;
    }

    /// <summary>(<paramref name="x"/>, <paramref name="y"/>) lies inside the grid.</summary>
    public bool Contains(int x, int y) => x >= 0 && y >= 0 && x < Width && y < Height;

    /// <summary>Empties every cell.</summary>
    public void Clear() => Array.Fill(cells, GridCell.Empty);

    /// <summary>Walls along the four borders (MiniGrid's <c>wall_rect(0, 0, width, height)</c>).</summary>
    public void WallBorder()
    {
        for (int x = 0; x < Width; x++)
        {
            this[x, 0] = GridCell.Wall;
            this[x, Height - 1] = GridCell.Wall;
        }

        for (int y = 0; y < Height; y++)
        {
            this[0, y] = GridCell.Wall;
            this[Width - 1, y] = GridCell.Wall;
        }
    }
}
