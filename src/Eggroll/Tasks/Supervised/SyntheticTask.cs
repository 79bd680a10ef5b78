namespace Eggroll.Tasks.Supervised;

/// <summary>Built-in supervised tasks generated from a seed, so a run needs no data files.</summary>
public enum SyntheticTask
{
    /// <summary>4 inputs uniform in [−1, 1]; target sin(2x₀) + x₁x₂ − x₃²/2. Mean squared error.</summary>
    Regression,

    /// <summary>2 inputs uniform in [−1, 1]; class = ring of the radius (&lt; 0.45, &lt; 0.8, beyond). Three classes, cross-entropy.</summary>
    Rings,
}
