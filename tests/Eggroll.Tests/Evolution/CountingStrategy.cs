using Eggroll.Numerics;
using Eggroll.Population;
using Eggroll.Population.Strategies;

namespace Eggroll.Tests.Evolution;

/// <summary>
/// A strategy written against the public contract only, as a user outside the library would: it delegates
/// the noise and the estimate to another strategy and keeps its own checkpointed state, the number of
/// epochs whose fitness it has turned into pair weights.
/// </summary>
internal sealed class CountingStrategy(IEvolutionStrategy inner) : IEvolutionStrategy
{
    public const string CounterName = "epochsWeighted";

    private readonly float[] epochsWeighted = new float[1];

    public float EpochsWeighted => epochsWeighted[0];

    public int Estimates { get; private set; }

    /// <summary>The shaped fitness the trainer passed in the last epoch.</summary>
    public float[] LastShapedFitness { get; private set; } = [];

    public int MemberCount => inner.MemberCount;

    public void SetNoiseEpoch(uint noiseEpoch) => inner.SetNoiseEpoch(noiseEpoch);

    public void LinearForward(Parameter weight, Parameter? bias, Matrix x, Matrix y, MemberRows rows) => inner.LinearForward(weight, bias, x, y, rows);

    public void AddMatrixNoise(Parameter weight, Matrix x, Matrix y, MemberRows rows) => inner.AddMatrixNoise(weight, x, y, rows);

    public void AddEmbeddingNoise(Parameter table, ReadOnlySpan<int> tokens, Matrix y, MemberRows rows) => inner.AddEmbeddingNoise(table, tokens, y, rows);

    public void PerturbedVector(Parameter vector, int member, Span<float> destination) => inner.PerturbedVector(vector, member, destination);

    public void PairWeights(ReadOnlySpan<float> shapedFitness, Span<float> pairWeights)
    {
        epochsWeighted[0]++;
        LastShapedFitness = shapedFitness.ToArray();
        inner.PairWeights(shapedFitness, pairWeights);
    }

    public void Estimate(Parameter parameter, ReadOnlySpan<float> pairWeights, Span<float> gradient)
    {
        Estimates++;
        inner.Estimate(parameter, pairWeights, gradient);
    }

    public IReadOnlyList<(string Name, float[] Values)> StateTensors() => [(CounterName, epochsWeighted)];
}
