namespace Eggroll.Tasks.Rl.Environments.Jumanji;

/// <summary>
/// Jumanji's Snake-v1: a 12 × 12 grid, a snake that starts as one cell on a uniformly drawn cell and a
/// fruit on a uniformly drawn other cell. Actions 0 = up (row − 1), 1 = right (column + 1), 2 = down,
/// 3 = left move the head one cell. A move off the grid or onto a body cell other than the tail (which
/// moves away in the same step) is fatal: the episode terminates with reward 0 and the board as it was.
/// Otherwise, onto the fruit the snake grows by one (its tail stays), the reward is 1 and a new fruit
/// appears on a free cell drawn uniformly; elsewhere the tail moves on. The episode terminates when the
/// snake fills the grid and is truncated after Jumanji's time limit of 4000 steps.
/// Observation: for each cell, row-major, Jumanji's five features [body, head, tail, fruit, body order],
/// the last being the cell's place in the body from tail (1/length) to head (1), 0 off the body, followed
/// by Jumanji's action mask: 1 for each move that is not fatal (<see cref="DiscreteSpace.MaskOffset"/>).
/// </summary>
/// <remarks>
/// State layout: [seed low 32 bits, seed high 32 bits, fruit row, fruit column, then for each cell
/// row-major its body order: 0 off the body, 1 the tail, …, length the head]; the orders must be
/// 1…length, each once, and the fruit off the body.
/// </remarks>
public sealed class Snake : EpisodicEnvironment
{
    /// <summary>Jumanji's name.</summary>
    public const string Name = "Snake-v1";

    /// <summary>Rows and columns of the grid.</summary>
    public const int Size = 12;

    private const int Cells = Size * Size, Features = 5, Grid = Cells * Features, Moves = 4, Header = StateValues.SeedSize + 2;
    private readonly int[] order = new int[Cells];
    private readonly DrawSequence draws = new();
    private ulong seed;
    private int head, fruit, length;

    /// <summary>Creates the environment.</summary>
    public Snake()
        : base(new BoxSpace(new float[Grid + Moves], Enumerable.Repeat(1f, Grid + Moves).ToArray()), new DiscreteSpace(Moves, maskOffset: Grid), maxEpisodeSteps: 4000, stateSize: Header + Cells)
    {
    }

    /// <inheritdoc/>
    protected override void SampleInitialState(ulong episodeSeed)
    {
        seed = episodeSeed;
        Array.Clear(order);
        draws.Restart(seed, 0);
        head = draws.Next(Cells);
        order[head] = length = 1;
        fruit = DrawFreeCell();
    }

    /// <summary>Loads the state after checking all of it, so a rejected state leaves the environment as it was.</summary>
    protected override void LoadState(ReadOnlySpan<double> state)
    {
        ulong loadedSeed = StateValues.Seed(state);
        int fruitCell = (StateValues.Integer(state[2], 0, Size - 1, "fruit row") * Size) + StateValues.Integer(state[3], 0, Size - 1, "fruit column");
        var orders = new int[Cells];
        var counts = new int[Cells + 1];
        int onBody = 0;
        for (int i = 0; i < Cells; i++)
        {
            orders[i] = StateValues.Integer(state[Header + i], 0, Cells, $"body order of cell {i}");
            counts[orders[i]]++;
            onBody += orders[i] > 0 ? 1 : 0;
        }

        if (onBody == 0 || counts.AsSpan(1, onBody).ContainsAnyExcept(1) || orders[fruitCell] != 0)
        {
            throw new ArgumentException("state: the body orders must be 1…length, each once, and the fruit must lie off the body.");
        }

        orders.CopyTo(order, 0);
        (seed, fruit, length) = (loadedSeed, fruitCell, onBody);
        head = Array.IndexOf(order, length);
    }

    /// <inheritdoc/>
    protected override void Observe(Span<float> observation)
    {
        observation.Clear();
        for (int i = 0; i < Cells; i++)
        {
            int o = i * Features;
            if (order[i] > 0)
            {
                observation[o] = 1;
                observation[o + 2] = order[i] == 1 ? 1 : 0;
                observation[o + 4] = (float)order[i] / length;
            }

            observation[o + 1] = i == head ? 1 : 0;
            observation[o + 3] = i == fruit ? 1 : 0;
        }

        for (int move = 0; move < Moves; move++)
        {
            observation[Grid + move] = HeadAfter(move) is { } next && order[next] <= 1 ? 1 : 0;
        }
    }

    /// <inheritdoc/>
    protected override double Advance(ReadOnlySpan<float> action, out bool terminated)
    {
        if (HeadAfter(((DiscreteSpace)ActionSpace).IndexOf(action[0])) is not { } next || order[next] > 1)
        {
            terminated = true;
            return 0;
        }

        bool eats = next == fruit;
        if (eats)
        {
            length++;
        }
        else
        {
            for (int i = 0; i < Cells; i++)
            {
                order[i] = Math.Max(order[i] - 1, 0);
            }
        }

        order[next] = length;
        head = next;
        terminated = length == Cells;
        if (eats && !terminated)
        {
            draws.Restart(seed, (uint)(ElapsedSteps + 1));
            fruit = DrawFreeCell();
        }

        return eats ? 1 : 0;
    }

    /// <summary>The cell the head moves to with <paramref name="move"/>, or null off the grid.</summary>
    private int? HeadAfter(int move)
    {
        var (dRow, dColumn) = move switch { 0 => (-1, 0), 1 => (0, 1), 2 => (1, 0), _ => (0, -1) };
        int row = (head / Size) + dRow, column = (head % Size) + dColumn;
        return row is >= 0 and < Size && column is >= 0 and < Size ? (row * Size) + column : null;
    }

    private int DrawFreeCell()
    {
        int chosen = draws.Next(Cells - length);
        for (int i = 0; i < Cells; i++)
        {
            if (order[i] == 0 && chosen-- == 0)
            {
                return i;
            }
        }

        throw new InvalidOperationException("No free cell for the fruit.");
    }
}
