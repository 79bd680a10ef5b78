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
/// the last being the cell's place in the body from tail (1/length) to head (1), 0 off the body.
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

    private const int Cells = Size * Size, Features = 5, Header = StateValues.SeedSize + 2;
    private readonly int[] order = new int[Cells];
    private readonly DrawSequence draws = new();
    private ulong seed;
    private int head, fruit, length;

    /// <summary>Creates the environment.</summary>
    public Snake()
        : base(new BoxSpace(new float[Cells * Features], Enumerable.Repeat(1f, Cells * Features).ToArray()), new DiscreteSpace(4), maxEpisodeSteps: 4000, stateSize: Header + Cells)
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
    }

    /// <inheritdoc/>
    protected override double Advance(ReadOnlySpan<float> action, out bool terminated)
    {
        var (dRow, dColumn) = ((DiscreteSpace)ActionSpace).IndexOf(action[0]) switch { 0 => (-1, 0), 1 => (0, 1), 2 => (1, 0), _ => (0, -1) };
        int row = (head / Size) + dRow, column = (head % Size) + dColumn;
        int next = (row * Size) + column;
        if (row < 0 || row >= Size || column < 0 || column >= Size || order[next] > 1)
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
