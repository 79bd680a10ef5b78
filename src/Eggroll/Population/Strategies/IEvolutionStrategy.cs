using Eggroll.Numerics;

namespace Eggroll.Population.Strategies;

/// <summary>
/// An evolution strategy over a model's parameters for a population of N members in N/2 antithetic
/// pairs (see <see cref="AntitheticPairs"/>): it loads the noise of a noise epoch, adds each member's
/// perturbation to the forward pass, turns shaped fitness into an update estimate per parameter and
/// names the state it needs checkpointed. Frozen parameters get no noise and a zero estimate. A batch may hold a
/// range of the population: its member t is population member <see cref="MemberRows.FirstMember"/> + t, whose
/// index alone decides the noise.
/// </summary>
public interface IEvolutionStrategy
{
    /// <summary>Population size N.</summary>
    int MemberCount { get; }

    /// <summary>Loads the noise of <paramref name="noiseEpoch"/>; does nothing if it is already loaded.</summary>
    void SetNoiseEpoch(uint noiseEpoch);

    /// <summary>
    /// The perturbed Linear layer for every member at once: y_t = x_t·(W + σE_t)ᵀ + b + s_t·σ·ε_p for the
    /// rows of each member t, where E_t and ε_p are the member's perturbations of the weight and the bias.
    /// </summary>
    void LinearForward(Parameter weight, Parameter? bias, Matrix x, Matrix y, MemberRows rows);

    /// <summary>
    /// Adds y_t += x_t·(σE_t)ᵀ for every member t's rows, where E_t is the member's perturbation of
    /// <paramref name="weight"/>; for layers that compute x·Wᵀ themselves.
    /// </summary>
    void AddMatrixNoise(Parameter weight, Matrix x, Matrix y, MemberRows rows);

    /// <summary>Adds each member's perturbation of the embedding rows selected by <paramref name="tokens"/> to <paramref name="y"/>.</summary>
    void AddEmbeddingNoise(Parameter table, ReadOnlySpan<int> tokens, Matrix y, MemberRows rows);

    /// <summary>Writes member <paramref name="member"/>'s perturbed value of <paramref name="vector"/> into <paramref name="destination"/>.</summary>
    void PerturbedVector(Parameter vector, int member, Span<float> destination);

    /// <summary>Turns the shaped fitness of the N members into the N/2 weights <see cref="Estimate"/> takes.</summary>
    void PairWeights(ReadOnlySpan<float> shapedFitness, Span<float> pairWeights);

    /// <summary>
    /// Writes the update estimate of <paramref name="parameter"/> for the loaded noise epoch (the gradient
    /// estimate in textbook units, ascent direction) from the pair weights into <paramref name="gradient"/>.
    /// </summary>
    void Estimate(Parameter parameter, ReadOnlySpan<float> pairWeights, Span<float> gradient);

    /// <summary>
    /// The strategy's own live state arrays by name, checkpointed with the run and restored in place; their
    /// lengths never change. Empty for a strategy whose noise is a function of the seed alone.
    /// </summary>
    IReadOnlyList<(string Name, float[] Values)> StateTensors();
}
