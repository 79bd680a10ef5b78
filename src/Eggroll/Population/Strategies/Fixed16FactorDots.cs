using System.Runtime.CompilerServices;
using Eggroll.Numerics;

namespace Eggroll.Population.Strategies;

/// <summary>Rows <paramref name="x0"/> and <paramref name="x1"/> against factors stored in 16 bits, factor k at <paramref name="factors"/> + k·<paramref name="width"/>.</summary>
internal readonly unsafe struct Fixed16FactorDots(float* x0, float* x1, short* factors, int width) : IFactorDots
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Four(int k, int vectors, float* row0Dots, float* row1Dots) =>
        Fixed16Dot.ComputeFour(x0, x1, factors + ((long)k * width), width, vectors, width, row0Dots, row1Dots);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public PairedDot.Products Two(int k, int second)
    {
        Fixed16Dot.Compute(x0, x1, factors + ((long)k * width), factors + ((long)second * width), width, out var dots);
        return dots;
    }
}
