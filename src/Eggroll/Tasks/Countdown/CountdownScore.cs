namespace Eggroll.Tasks.Countdown;

/// <summary>The verifier's result for one answer.</summary>
/// <param name="Reward">The reward under the chosen <see cref="CountdownRewards"/>.</param>
/// <param name="Verdict">What was found.</param>
/// <param name="Reason">A one-line explanation, e.g. "value 310, target 331".</param>
/// <param name="Expression">The expression that was checked, or null when none was found.</param>
public sealed record CountdownScore(double Reward, CountdownVerdict Verdict, string Reason, string? Expression);
