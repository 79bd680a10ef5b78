namespace Eggroll.Population;

/// <summary>How a parameter is perturbed by the evolution strategy.</summary>
public enum ParameterKind
{
    /// <summary>A weight matrix W (out×in) used as y = x·Wᵀ: low-rank noise under EGGROLL, full noise under OpenES.</summary>
    Matrix,

    /// <summary>A vector (bias, norm gain): full Gaussian noise under every strategy.</summary>
    Vector,

    /// <summary>A lookup table (vocabulary×width): low-rank noise on its rows under EGGROLL, full noise under OpenES.</summary>
    Embedding,
}
