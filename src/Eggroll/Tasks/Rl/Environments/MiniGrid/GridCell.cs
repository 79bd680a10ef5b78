namespace Eggroll.Tasks.Rl.Environments.MiniGrid;

/// <summary>MiniGrid's object indices (<c>OBJECT_TO_IDX</c>), as they appear in observations.</summary>
public enum GridObject : byte
{
    /// <summary>A cell the agent cannot see.</summary>
    Unseen = 0,

    /// <summary>Nothing.</summary>
    Empty = 1,

    /// <summary>A wall: blocks moving and seeing.</summary>
    Wall = 2,

    /// <summary>Floor (not used by these tasks).</summary>
    Floor = 3,

    /// <summary>A door: open, closed or locked.</summary>
    Door = 4,

    /// <summary>A key; opens the locked door of its colour.</summary>
    Key = 5,

    /// <summary>A ball (the moving obstacles of Dynamic-Obstacles).</summary>
    Ball = 6,

    /// <summary>A box (not used by these tasks).</summary>
    Box = 7,

    /// <summary>The goal square.</summary>
    Goal = 8,

    /// <summary>Lava (not used by these tasks).</summary>
    Lava = 9,

    /// <summary>The agent (not used in observations of the egocentric view).</summary>
    Agent = 10,
}

/// <summary>MiniGrid's colour indices (<c>COLOR_TO_IDX</c>).</summary>
public enum GridColour : byte
{
    /// <summary>Red.</summary>
    Red = 0,

    /// <summary>Green (the goal).</summary>
    Green = 1,

    /// <summary>Blue (the obstacles).</summary>
    Blue = 2,

    /// <summary>Purple.</summary>
    Purple = 3,

    /// <summary>Yellow (DoorKey's door and key).</summary>
    Yellow = 4,

    /// <summary>Grey (walls).</summary>
    Grey = 5,
}

/// <summary>
/// One cell as MiniGrid encodes it: (object, colour, state), where the state is a door's
/// 0 = open, 1 = closed, 2 = locked and 0 for every other object.
/// </summary>
/// <param name="Type">The object in the cell (<see cref="GridObject.Empty"/> for none).</param>
/// <param name="Colour">Its colour (0 for an empty cell).</param>
/// <param name="State">The door state, else 0.</param>
public readonly record struct GridCell(GridObject Type, GridColour Colour, byte State)
{
    /// <summary>Door state: open.</summary>
    public const byte Open = 0;

    /// <summary>Door state: closed.</summary>
    public const byte Closed = 1;

    /// <summary>Door state: locked.</summary>
    public const byte Locked = 2;

    /// <summary>An empty cell, encoded (1, 0, 0).</summary>
    public static GridCell Empty => new(GridObject.Empty, 0, 0);

    /// <summary>A grey wall.</summary>
    public static GridCell Wall => new(GridObject.Wall, GridColour.Grey, 0);

    /// <summary>The green goal.</summary>
    public static GridCell Goal => new(GridObject.Goal, GridColour.Green, 0);

    /// <summary>The agent may stand on it: empty, the goal or an open door (MiniGrid's <c>can_overlap</c> among the objects these tasks use).</summary>
    public bool CanOverlap => Type is GridObject.Empty or GridObject.Goal || (Type == GridObject.Door && State == Open);

    /// <summary>The agent may carry it: a key or a ball (MiniGrid's <c>can_pickup</c> among the objects these tasks use).</summary>
    public bool CanPickUp => Type is GridObject.Key or GridObject.Ball;

    /// <summary>Light passes it: everything but walls and doors that are not open (MiniGrid's <c>see_behind</c>).</summary>
    public bool SeeBehind => Type != GridObject.Wall && !(Type == GridObject.Door && State != Open);
}
