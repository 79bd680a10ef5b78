namespace Eggroll.Tasks.Countdown;

/// <summary>Which of the two disjoint problem streams a problem comes from.</summary>
public enum CountdownSplit
{
    /// <summary>Problems to train on.</summary>
    Train,

    /// <summary>Held-out problems to measure accuracy on.</summary>
    Validation,
}
