namespace Eggroll.Tasks.Rl;

/// <summary>How a continuous policy's raw outputs y become actions within the box [low, high].</summary>
public enum ActionSquash
{
    /// <summary>low + (tanh(y) + 1)/2·(high − low): smooth, never outside the bounds.</summary>
    Tanh,

    /// <summary>clip(y, low, high).</summary>
    Clip,
}
