namespace Eggroll.Tasks.Experiments;

/// <summary>One training run of the suite.</summary>
/// <param name="Environment">Gymnasium id.</param>
/// <param name="Strategy">"EGGROLL r=1" or "OpenES".</param>
/// <param name="Seed">Run seed.</param>
/// <param name="EvalMean">Mean return of the final policy over the evaluation episodes.</param>
/// <param name="EvalStd">Their standard deviation.</param>
/// <param name="EnvironmentSteps">Training environment steps taken.</param>
/// <param name="Epochs">Epochs trained.</param>
/// <param name="Seconds">Wall time of training.</param>
/// <param name="Steps">Cumulative environment steps after each epoch.</param>
/// <param name="MeanReturns">Population mean return of each epoch.</param>
public sealed record RlSuiteRun(string Environment, string Strategy, ulong Seed, double EvalMean, double EvalStd, long EnvironmentSteps, long Epochs, double Seconds, double[] Steps, double[] MeanReturns);
