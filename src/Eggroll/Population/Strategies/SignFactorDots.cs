using System.Runtime.CompilerServices;
using Eggroll.Numerics;

namespace Eggroll.Population.Strategies;

/// <summary>
/// Rows <paramref name="x0"/> and <paramref name="x1"/> against ±1 factors kept as bits, factor k's elements from bit
/// <paramref name="firstElement"/> + k·<paramref name="width"/> of <paramref name="words"/>.
/// </summary>
internal readonly unsafe struct SignFactorDots(float* x0, float* x1, uint* words, long firstElement, int width) : IFactorDots
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Four(int k, int vectors, float* row0Dots, float* row1Dots) =>
        SignDot.ComputeFour(x0, x1, words, firstElement + ((long)k * width), width, vectors, width, row0Dots, row1Dots);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public PairedDot.Products Two(int k, int second)
    {
        SignDot.Compute(x0, x1, words, firstElement + ((long)k * width), firstElement + ((long)second * width), width, out var dots);
        return dots;
    }
}
