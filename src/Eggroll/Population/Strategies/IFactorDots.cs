using Eggroll.Numerics;

namespace Eggroll.Population.Strategies;

/// <summary>
/// Where a pair's projection factors bᵀ_p[k, :] come from for the dot products of two rows with them: floats
/// (<see cref="FloatFactorDots"/>), Rademacher bits (<see cref="SignFactorDots"/>) or 16 bits (<see cref="Fixed16FactorDots"/>). All
/// give the values of the float path on the same factor values, in <see cref="PairedDot"/>'s summation order.
/// </summary>
internal unsafe interface IFactorDots
{
    /// <summary>
    /// Writes the rows' dot products with factors k + min(i, <paramref name="vectors"/> − 1), i = 0 … 3, to row0Dots[0..4) and
    /// row1Dots[0..4); the width must be a multiple of <see cref="PairedDot.Lanes"/>.
    /// </summary>
    void Four(int k, int vectors, float* row0Dots, float* row1Dots);

    /// <summary>The rows' dot products with factors <paramref name="k"/> and <paramref name="second"/>.</summary>
    PairedDot.Products Two(int k, int second);
}
