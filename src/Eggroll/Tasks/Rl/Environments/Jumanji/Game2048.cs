namespace Eggroll.Tasks.Rl.Environments.Jumanji;

/// <summary>
/// Jumanji's Game2048-v1: a 4 × 4 board of tiles stored as exponents (0 = empty, e = the tile 2^e).
/// Actions 0 = up, 1 = right, 2 = down, 3 = left slide every tile that way; two equal neighbours
/// along the move merge into one tile of twice the value, nearest the wall first, each tile merging
/// at most once per move ([2, 2, 2, 2] moved left gives [4, 4, 0, 0]). The reward is the sum of
/// the values of the tiles created by merges. A move that changes nothing is invalid: reward 0,
/// board unchanged, no new tile. After a valid move a tile appears on an empty cell drawn uniformly:
/// a 2 with probability 0.9, else a 4. An episode starts from one such tile on an empty board and
/// terminates when no move would change the board; Jumanji has no step limit, this truncates at 1000.
/// Observation: the 16 exponents (row-major) followed by Jumanji's action mask (1 where a move is valid).
/// </summary>
/// <remarks>State layout: [seed low 32 bits, seed high 32 bits, then the 16 exponents row-major, each 0–17].</remarks>
public sealed class Game2048 : EpisodicEnvironment
{
    /// <summary>Jumanji's name.</summary>
    public const string Name = "Game2048-v1";

    /// <summary>Side of the board.</summary>
    public const int Size = 4;

    private const int Cells = Size * Size, MaxExponent = 17;
    private readonly int[] board = new int[Cells];
    private readonly int[] moved = new int[Cells];
    private readonly DrawSequence draws = new();
    private ulong seed;

    /// <summary>Creates the environment.</summary>
    public Game2048()
        : base(ObservationBounds(), new DiscreteSpace(4, maskOffset: Cells), maxEpisodeSteps: 1000, stateSize: StateValues.SeedSize + Cells)
    {
    }

    /// <summary>
    /// Slides <paramref name="board"/> (16 exponents, row-major) in <paramref name="direction"/>
    /// (0 up, 1 right, 2 down, 3 left) into <paramref name="result"/>; returns the merge reward.
    /// </summary>
    public static double Slide(ReadOnlySpan<int> board, int direction, Span<int> result)
    {
        double reward = 0;
        Span<int> line = stackalloc int[Size];
        for (int lane = 0; lane < Size; lane++)
        {
            for (int k = 0; k < Size; k++)
            {
                line[k] = board[CellIndex(direction, lane, k)];
            }

            reward += SlideLine(line);
            for (int k = 0; k < Size; k++)
            {
                result[CellIndex(direction, lane, k)] = line[k];
            }
        }

        return reward;
    }

    /// <inheritdoc/>
    protected override void SampleInitialState(ulong episodeSeed)
    {
        seed = episodeSeed;
        Array.Clear(board);
        draws.Restart(seed, 0);
        AddRandomTile();
    }

    /// <summary>Loads the state after checking all of it, so a rejected state leaves the environment as it was.</summary>
    protected override void LoadState(ReadOnlySpan<double> state)
    {
        ulong loadedSeed = StateValues.Seed(state);
        for (int i = 0; i < Cells; i++)
        {
            moved[i] = StateValues.Integer(state[StateValues.SeedSize + i], 0, MaxExponent, $"tile {i}");
        }

        seed = loadedSeed;
        moved.CopyTo(board, 0);
    }

    /// <inheritdoc/>
    protected override void Observe(Span<float> observation)
    {
        for (int i = 0; i < Cells; i++)
        {
            observation[i] = board[i];
        }

        for (int direction = 0; direction < 4; direction++)
        {
            observation[Cells + direction] = Changes(direction) ? 1 : 0;
        }
    }

    /// <inheritdoc/>
    protected override double Advance(ReadOnlySpan<float> action, out bool terminated)
    {
        int direction = ((DiscreteSpace)ActionSpace).IndexOf(action[0]);
        double reward = Slide(board, direction, moved);
        if (!board.AsSpan().SequenceEqual(moved))
        {
            moved.CopyTo(board, 0);
            draws.Restart(seed, (uint)(ElapsedSteps + 1));
            AddRandomTile();
        }

        terminated = !AnyMoveChangesBoard();
        return reward;
    }

    /// <summary>Index into the board of position <paramref name="k"/> (0 = the wall moved towards) of row or column <paramref name="lane"/>.</summary>
    private static int CellIndex(int direction, int lane, int k) => direction switch
    {
        0 => (k * Size) + lane,
        1 => (lane * Size) + (Size - 1 - k),
        2 => ((Size - 1 - k) * Size) + lane,
        _ => (lane * Size) + k,
    };

    /// <summary>Packs the non-empty tiles towards position 0, merging equal neighbours once each; returns the value created.</summary>
    private static double SlideLine(Span<int> line)
    {
        Span<int> packed = stackalloc int[Size];
        packed.Clear();
        int count = 0, previous = 0;
        double reward = 0;
        foreach (int tile in line)
        {
            if (tile == 0)
            {
                continue;
            }

            if (tile == previous)
            {
                packed[count - 1] = tile + 1;
                reward += Math.Pow(2, tile + 1);
                previous = 0;
            }
            else
            {
                packed[count++] = tile;
                previous = tile;
            }
        }

        packed.CopyTo(line);
        return reward;
    }

    private static BoxSpace ObservationBounds()
    {
        var high = new float[Cells + 4];
        Array.Fill(high, MaxExponent, 0, Cells);
        Array.Fill(high, 1, Cells, 4);
        return new BoxSpace(new float[Cells + 4], high);
    }

    private bool AnyMoveChangesBoard() => Changes(0) || Changes(1) || Changes(2) || Changes(3);

    /// <summary>Moving in <paramref name="direction"/> would change the board (leaves the result in <c>moved</c>).</summary>
    private bool Changes(int direction)
    {
        Slide(board, direction, moved);
        return !board.AsSpan().SequenceEqual(moved);
    }

    private void AddRandomTile()
    {
        int chosen = draws.Next(board.AsSpan().Count(0));
        int exponent = draws.NextUnit() < 0.9 ? 1 : 2;
        for (int i = 0; i < Cells; i++)
        {
            if (board[i] == 0 && chosen-- == 0)
            {
                board[i] = exponent;
                return;
            }
        }
    }
}
