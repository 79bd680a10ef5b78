namespace Eggroll.Noise;

/// <summary>The distribution of every element of the perturbations (docs/algorithm.md §1.3, §1.5).</summary>
public enum NoiseDistribution
{
    /// <summary>Standard normal, from <see cref="GaussianNoise"/> (the default).</summary>
    Gaussian,

    /// <summary>+1 or −1 with probability ½, from <see cref="SignNoise"/>; EGGROLL only.</summary>
    Rademacher,

    /// <summary>
    /// The normals of <see cref="Gaussian"/> rounded to the nearest multiple of 2⁻¹² (ties to even, within ±32767·2⁻¹²) and the
    /// factors kept in 16 bits, half the memory of floats (docs/algorithm.md §1.6); EGGROLL only.
    /// </summary>
    Gaussian16,
}
