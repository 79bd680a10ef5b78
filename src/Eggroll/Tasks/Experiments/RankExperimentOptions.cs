namespace Eggroll.Tasks.Experiments;

/// <summary>Settings of the rank experiment (see <see cref="RankExperiment"/>).</summary>
public sealed record RankExperimentOptions
{
    /// <summary>The weight matrix is Size×Size.</summary>
    public int Size { get; init; } = 8;

    /// <summary>Number K of fixed input rows of the fitness.</summary>
    public int InputRows { get; init; } = 4;

    /// <summary>Population size N of each estimate (even).</summary>
    public int Members { get; init; } = 1024;

    /// <summary>Independent estimates (noise seeds) averaged for each rank.</summary>
    public int Seeds { get; init; } = 12000;

    /// <summary>Independent estimates averaged for the full-rank reference, which every rank is compared with.</summary>
    public int ReferenceSeeds { get; init; } = 24000;

    /// <summary>
    /// Noise scale σ, in the units of the weights (as <c>evolution.sigma</c>). The default puts
    /// σ²‖x_k‖²/2 near 0.7 for the default size, where the sine fitness's O(1/r) gap is large
    /// relative to the estimator's noise.
    /// </summary>
    public float Sigma { get; init; } = 0.42f;

    /// <summary>Largest rank; the ranks are the powers of two up to it.</summary>
    public int MaxRank { get; init; } = 64;

    /// <summary>Seed of the parameter point W0, the fitness data and all noise.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>The fitness's element-wise function.</summary>
    public ReadoutKind Readout { get; init; } = ReadoutKind.Sine;

    /// <summary>The ranks 1, 2, 4, ... ≤ <see cref="MaxRank"/>.</summary>
    public IReadOnlyList<int> Ranks()
    {
        var ranks = new List<int>();
        for (int r = 1; r <= MaxRank; r *= 2)
        {
            ranks.Add(r);
        }

        return ranks;
    }
}
