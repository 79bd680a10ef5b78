namespace Eggroll.Population.Strategies;

/// <summary>
/// Options of the integer strategy (docs/algorithm.md §4.5). Defaults are the ones <c>eggroll train lm</c> uses.
/// </summary>
public sealed record Int8UpdateOptions
{
    /// <summary>Rank r of each pair's factors A_p (out×r), B_p (in×r).</summary>
    public int Rank { get; init; } = 1;

    /// <summary>Perturbation scale σ = 2^−sigma_shift: the correction is shifted right by 4 + this.</summary>
    public int SigmaShift { get; init; } = 4;

    /// <summary>Target fraction α₀ of weights that may change in epoch 0; in (0, 1].</summary>
    public double Alpha { get; init; } = 0.3;

    /// <summary>
    /// Decay rate d of α_t = α₀ / (d·t + 1); 0 keeps α fixed (the paper: α₀ = 1, d = 0.015).
    /// </summary>
    public double AlphaDecay { get; init; } = 0.0005;

    /// <summary>α at epoch <paramref name="epoch"/>.</summary>
    public double AlphaAt(long epoch) => Alpha / ((AlphaDecay * epoch) + 1);
}
