namespace Eggroll.Noise;

/// <summary>
/// Noise reuse (docs/algorithm.md §3.4): with reuse k, epoch e draws the noise of noise epoch e / k; k = 0 keeps
/// noise epoch 0 for the whole run. Shared by the float strategies and the integer strategy.
/// </summary>
public static class NoiseEpochs
{
    /// <summary>The noise epoch of <paramref name="epoch"/> under reuse <paramref name="noiseReuse"/> (≥ 0).</summary>
    public static uint Of(long epoch, int noiseReuse) => noiseReuse == 0 ? 0u : (uint)(epoch / noiseReuse);
}
