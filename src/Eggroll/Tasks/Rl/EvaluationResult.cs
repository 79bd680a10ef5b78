namespace Eggroll.Tasks.Rl;

/// <summary>The outcome of <see cref="PolicyEvaluator.Evaluate"/>.</summary>
/// <param name="Mean">Mean return over the episodes.</param>
/// <param name="StandardDeviation">Population standard deviation of the returns.</param>
/// <param name="Returns">Each episode's return.</param>
/// <param name="Steps">Environment steps taken.</param>
public sealed record EvaluationResult(double Mean, double StandardDeviation, IReadOnlyList<double> Returns, long Steps);
