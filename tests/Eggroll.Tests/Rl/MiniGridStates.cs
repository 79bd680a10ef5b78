using Eggroll.Tasks.Rl;
using Eggroll.Tasks.Rl.Environments;
using Eggroll.Tasks.Rl.Environments.MiniGrid;

namespace Eggroll.Tests.Rl;

/// <summary>Builds MiniGrid states from drawn maps and reads observations back, for the rule tests.</summary>
internal static class MiniGridStates
{
    public const int Left = 0, Right = 1, Forward = 2, PickUp = 3, Drop = 4, Toggle = 5, Done = 6;

    /// <summary>
    /// The state of the map (one string per row): '#' wall, '.' empty, 'G' goal, 'K' yellow key, 'R' red key,
    /// 'L' locked yellow door, 'C' closed yellow door, 'O' open yellow door, 'B' blue ball.
    /// </summary>
    public static double[] State(string[] rows, int x, int y, int direction, GridCell? carrying = null, ulong seed = 0)
    {
        int width = rows[0].Length;
        var state = new double[MiniGridEnvironment.HeaderSize + (width * rows.Length * 3)];
        StateValues.WriteSeed(seed, state);
        var carried = carrying ?? GridCell.Empty;
        (state[2], state[3], state[4], state[5], state[6]) = (x, y, direction, (int)carried.Type, (int)carried.Colour);
        for (int row = 0; row < rows.Length; row++)
        {
            for (int column = 0; column < width; column++)
            {
                var cell = Parse(rows[row][column]);
                int o = MiniGridEnvironment.HeaderSize + (((row * width) + column) * 3);
                (state[o], state[o + 1], state[o + 2]) = ((int)cell.Type, (int)cell.Colour, cell.State);
            }
        }

        return state;
    }

    public static GridCell Parse(char symbol) => symbol switch
    {
        '#' => GridCell.Wall,
        '.' => GridCell.Empty,
        'G' => GridCell.Goal,
        'K' => YellowKey,
        'R' => new GridCell(GridObject.Key, GridColour.Red, 0),
        'L' => new GridCell(GridObject.Door, GridColour.Yellow, GridCell.Locked),
        'C' => new GridCell(GridObject.Door, GridColour.Yellow, GridCell.Closed),
        'O' => new GridCell(GridObject.Door, GridColour.Yellow, GridCell.Open),
        'B' => new GridCell(GridObject.Ball, GridColour.Blue, 0),
        _ => throw new ArgumentException($"unknown map symbol '{symbol}'"),
    };

    public static GridCell YellowKey => new(GridObject.Key, GridColour.Yellow, 0);

    /// <summary>View cell (<paramref name="vx"/>, <paramref name="vy"/>) of an observation; (3, 5) is the cell in front, (3, 6) the agent's own.</summary>
    public static GridCell ViewCell(float[] observation, int vx, int vy)
    {
        int o = ((vx * EgocentricView.Size) + vy) * 3;
        return new GridCell((GridObject)observation[o], (GridColour)observation[o + 1], (byte)observation[o + 2]);
    }

    public static GridCell Front(float[] observation) => ViewCell(observation, 3, 5);

    /// <summary>Loads <paramref name="state"/> into <paramref name="env"/> and returns the observation buffer.</summary>
    public static float[] Load(IEnvironment env, double[] state)
    {
        var observation = new float[env.ObservationSpace.Size];
        env.SetState(state, observation);
        return observation;
    }

    /// <summary>MiniGrid's success reward after <paramref name="steps"/> of at most <paramref name="maxSteps"/>.</summary>
    public static double SuccessReward(int steps, int maxSteps) => 1 - (0.9 * steps / maxSteps);
}
