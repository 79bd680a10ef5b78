namespace Eggroll.Tasks.Experiments;

/// <summary>The element-wise function φ of a <see cref="ReadoutObjective"/>.</summary>
public enum ReadoutKind
{
    /// <summary>
    /// φ(z) = sin z: bounded, with derivatives of every order as large as the first, and a Gaussian
    /// smoothing known in closed form, so the expected update of every rank is known exactly
    /// (<see cref="SineReadoutTheory"/>).
    /// </summary>
    Sine,

    /// <summary>φ(z) = tanh z: bounded and saturating, as in the authors' networks; no closed form.</summary>
    Tanh,

    /// <summary>φ(z) = z²: a quadratic fitness, for which every rank has the same expected update.</summary>
    Square,
}
