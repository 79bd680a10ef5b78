namespace Eggroll.Tasks.Rl.Environments.MiniGrid;

/// <summary>
/// The rules shared by the MiniGrid tasks (Farama Minigrid 2.x/3.0, <c>MiniGridEnv.step</c>): the agent has a cell and a
/// direction; action 0 turns left, 1 turns right, 2 moves forward onto an empty cell, the goal or an open
/// door (reaching the goal terminates with reward 1 − 0.9·t/T, t the steps taken including this one, T the
/// step limit), 3 picks up the key or ball in front when the hands are empty, 4 drops what is carried onto
/// an empty cell in front, 5 toggles the door in front (a locked door opens only when the agent carries the
/// key of its colour; otherwise open ↔ closed), 6 (done) does nothing. Every other step rewards 0; the
/// episode is truncated after T steps. The observation is the <see cref="EgocentricView"/>.
/// </summary>
/// <remarks>
/// State layout for <see cref="IEnvironment.SetState"/>: [seed low 32 bits, seed high 32 bits, agent x,
/// agent y, direction, carried object, carried colour, then for y = 0…H−1 and x = 0…W−1 the cell's
/// (object, colour, state)]. The seed drives random dynamics (Dynamic-Obstacles). Objects allowed:
/// empty, wall, door, key, ball, goal; a carried object is empty (nothing), a key or a ball.
/// </remarks>
public abstract class MiniGridEnvironment : EpisodicEnvironment
{
    /// <summary>Values of the state before the cells.</summary>
    public const int HeaderSize = StateValues.SeedSize + 5;

    /// <summary>Action indices, as in MiniGrid.</summary>
    protected const int Left = 0, Right = 1, Forward = 2, PickUp = 3, Drop = 4, Toggle = 5;

    private readonly bool seeThroughWalls;

    /// <summary>Sets the grid size, the number of actions, the step limit and whether walls hide what lies behind them.</summary>
    protected MiniGridEnvironment(int width, int height, int actionCount, int maxSteps, bool seeThroughWalls)
        : base(EgocentricView.Space(), new DiscreteSpace(actionCount), maxSteps, HeaderSize + (width * height * 3))
    {
        Grid = new Grid(width, height);
        this.seeThroughWalls = seeThroughWalls;
    }

    /// <summary>The agent's cell and direction, for inspection.</summary>
    public (int X, int Y, int Direction) Agent => (AgentX, AgentY, Direction);

    /// <summary>The cell at (<paramref name="x"/>, <paramref name="y"/>), for inspection (a wall outside the grid).</summary>
    public GridCell CellAt(int x, int y) => Grid[x, y];

    /// <summary>The cells.</summary>
    protected Grid Grid { get; }

    /// <summary>The agent's column.</summary>
    protected int AgentX { get; set; }

    /// <summary>The agent's row.</summary>
    protected int AgentY { get; set; }

    /// <summary>The agent's direction: 0 = +x (right), 1 = +y (down), 2 = −x, 3 = −y.</summary>
    protected int Direction { get; set; }

    /// <summary>What the agent carries (<see cref="GridCell.Empty"/> for nothing).</summary>
    protected GridCell Carrying { get; set; } = GridCell.Empty;

    /// <summary>The episode seed.</summary>
    protected ulong Seed { get; private set; }

    /// <summary>Random draws of the layout (stream 0) and of the dynamics (stream = step number).</summary>
    protected DrawSequence Draws { get; } = new();

    /// <summary>The cell in front of the agent.</summary>
    protected (int X, int Y) FrontPosition
    {
        get
        {
            var (dx, dy) = EgocentricView.Step(Direction);
            return (AgentX + dx, AgentY + dy);
        }
    }

    /// <inheritdoc/>
    protected sealed override void SampleInitialState(ulong seed)
    {
        Seed = seed;
        (AgentX, AgentY) = (-1, -1);
        Carrying = GridCell.Empty;
        Grid.Clear();
        Draws.Restart(seed, 0);
        Generate();
    }

    /// <summary>Builds the layout, places the agent and sets its direction, drawing from <see cref="Draws"/>.</summary>
    protected abstract void Generate();

    /// <summary>Loads the state after checking all of it, so a rejected state leaves the environment as it was.</summary>
    protected sealed override void LoadState(ReadOnlySpan<double> state)
    {
        ulong seed = StateValues.Seed(state);
        int x = StateValues.Integer(state[2], 0, Grid.Width - 1, "agent x");
        int y = StateValues.Integer(state[3], 0, Grid.Height - 1, "agent y");
        int direction = StateValues.Integer(state[4], 0, 3, "direction");
        var carried = ReadCell(state[5..], "carried", withState: false);
        if (carried.Type is not (GridObject.Empty or GridObject.Key or GridObject.Ball))
        {
            throw new ArgumentException($"state value carried object must be empty (1), a key (5) or a ball (6), got {(int)carried.Type}.");
        }

        var cells = new GridCell[Grid.Width * Grid.Height];
        for (int i = 0; i < cells.Length; i++)
        {
            cells[i] = ReadCell(state[(HeaderSize + (i * 3))..], $"cell ({i % Grid.Width}, {i / Grid.Width})", withState: true);
        }

        for (int i = 0; i < cells.Length; i++)
        {
            Grid[i % Grid.Width, i / Grid.Width] = cells[i];
        }

        (Seed, AgentX, AgentY, Direction, Carrying) = (seed, x, y, direction, carried);
    }

    /// <inheritdoc/>
    protected override void Observe(Span<float> observation) =>
        EgocentricView.Encode(Grid, AgentX, AgentY, Direction, Carrying, seeThroughWalls, observation);

    /// <inheritdoc/>
    protected override double Advance(ReadOnlySpan<float> action, out bool terminated) =>
        Act(((DiscreteSpace)ActionSpace).IndexOf(action[0]), out terminated);

    /// <summary>Applies MiniGrid's effect of <paramref name="action"/>; returns the reward.</summary>
    protected double Act(int action, out bool terminated)
    {
        terminated = false;
        var (fx, fy) = FrontPosition;
        var front = Grid[fx, fy];
        switch (action)
        {
            case Left:
                Direction = (Direction + 3) % 4;
                break;
            case Right:
                Direction = (Direction + 1) % 4;
                break;
            case Forward when front.CanOverlap:
                (AgentX, AgentY) = (fx, fy);
                terminated = front.Type == GridObject.Goal;
                return terminated ? 1 - (0.9 * (ElapsedSteps + 1) / MaxEpisodeSteps) : 0;
            case PickUp when front.CanPickUp && Carrying.Type == GridObject.Empty:
                Carrying = front;
                Grid[fx, fy] = GridCell.Empty;
                break;
            case Drop when front.Type == GridObject.Empty && Carrying.Type != GridObject.Empty:
                Grid[fx, fy] = Carrying;
                Carrying = GridCell.Empty;
                break;
            case Toggle when front.Type == GridObject.Door:
                Grid[fx, fy] = ToggledDoor(front);
                break;
        }

        return 0;
    }

    /// <summary>
    /// Puts the agent on an empty cell drawn uniformly from the rectangle at (<paramref name="left"/>,
    /// <paramref name="top"/>) of the given size and draws its direction (MiniGrid's <c>place_agent</c>).
    /// </summary>
    protected void PlaceAgent(int left, int top, int width, int height)
    {
        (AgentX, AgentY) = DrawFreeCell(left, top, width, height);
        Direction = Draws.Next(4);
    }

    /// <summary>Puts <paramref name="cell"/> on an empty cell, not the agent's, drawn uniformly from the rectangle (MiniGrid's <c>place_obj</c>).</summary>
    protected void PlaceObject(GridCell cell, int left, int top, int width, int height)
    {
        var (x, y) = DrawFreeCell(left, top, width, height);
        Grid[x, y] = cell;
    }

    /// <summary>
    /// The cells of the rectangle (clipped to the grid) that are empty and not the agent's, or
    /// false when there is none; MiniGrid draws by rejection, which gives the same uniform choice.
    /// </summary>
    protected bool TryDrawFreeCell(int left, int top, int width, int height, out (int X, int Y) cell)
    {
        Span<int> free = stackalloc int[width * height];
        int count = 0;
        for (int y = Math.Max(top, 0); y < Math.Min(top + height, Grid.Height); y++)
        {
            for (int x = Math.Max(left, 0); x < Math.Min(left + width, Grid.Width); x++)
            {
                if (Grid[x, y].Type == GridObject.Empty && (x, y) != (AgentX, AgentY))
                {
                    free[count++] = (y * Grid.Width) + x;
                }
            }
        }

        if (count == 0)
        {
            cell = default;
            return false;
        }

        int chosen = free[Draws.Next(count)];
        cell = (chosen % Grid.Width, chosen / Grid.Width);
        return true;
    }

    private (int X, int Y) DrawFreeCell(int left, int top, int width, int height) =>
        TryDrawFreeCell(left, top, width, height, out var cell) ? cell : throw new InvalidOperationException("No free cell to place an object in.");

    private GridCell ToggledDoor(GridCell door)
    {
        if (door.State == GridCell.Locked)
        {
            bool hasKey = Carrying.Type == GridObject.Key && Carrying.Colour == door.Colour;
            return hasKey ? door with { State = GridCell.Open } : door;
        }

        return door with { State = door.State == GridCell.Open ? GridCell.Closed : GridCell.Open };
    }

    private static GridCell ReadCell(ReadOnlySpan<double> values, string field, bool withState)
    {
        var type = (GridObject)StateValues.Integer(values[0], (int)GridObject.Empty, (int)GridObject.Goal, $"{field} object");
        if (type is GridObject.Floor or GridObject.Box or GridObject.Lava)
        {
            throw new ArgumentException($"state value {field} object must be empty, wall, door, key, ball or goal (1, 2, 4, 5, 6, 8), got {(int)type}.");
        }

        var colour = (GridColour)StateValues.Integer(values[1], 0, (int)GridColour.Grey, $"{field} colour");
        byte state = withState ? (byte)StateValues.Integer(values[2], 0, type == GridObject.Door ? GridCell.Locked : 0, $"{field} state") : (byte)0;
        return type == GridObject.Empty ? GridCell.Empty : new GridCell(type, colour, state);
    }
}
