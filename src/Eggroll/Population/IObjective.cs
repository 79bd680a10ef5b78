namespace Eggroll.Population;

/// <summary>
/// Scores a whole population: the use case (supervised data, an environment, a language
/// model loss) lives here. Implementations run the model once for all members through
/// <see cref="PopulationEvaluation.CreateContext"/> rather than looping over members.
/// </summary>
public interface IObjective
{
    /// <summary>Writes one raw score per member (higher is better) into <paramref name="scores"/>.</summary>
    void Evaluate(PopulationEvaluation evaluation, Span<float> scores);
}
