namespace Eggroll.Population;

/// <summary>How raw scores are turned into the fitness weights of the update.</summary>
public enum ShapingKind
{
    /// <summary>(f − mean)/√(var + 1e-5); with a group size, the mean is per group of consecutive members and the variance over the population.</summary>
    ZScore,

    /// <summary>Ranks mapped linearly onto [−0.5, 0.5] (ties share their mean rank).</summary>
    CentredRank,

    /// <summary>One value per antithetic pair: ±0.5·sign(f_{2p} − f_{2p+1}), so the pair weight is sign(f_{2p} − f_{2p+1}).</summary>
    PairSign,

    /// <summary>Raw scores, unchanged.</summary>
    Raw,
}
