namespace Eggroll.Training;

/// <summary>
/// An objective with state of its own that a resumed run needs (e.g. running observation
/// statistics). <see cref="Trainer"/> saves each tensor as "objective.NAME" and
/// restores it by copying into the same array.
/// </summary>
public interface ICheckpointedState
{
    /// <summary>The live state arrays by name; their lengths never change.</summary>
    IEnumerable<(string Name, float[] Values)> StateTensors();
}
