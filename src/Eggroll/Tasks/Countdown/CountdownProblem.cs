namespace Eggroll.Tasks.Countdown;

/// <summary>One Countdown instance: reach <see cref="Target"/> with + − × ÷ using each of <see cref="Numbers"/> exactly once.</summary>
/// <param name="Numbers">The given numbers (3 or 4, each in 1..100), in the order they are shown.</param>
/// <param name="Target">The number to reach (100..999).</param>
/// <param name="Solution">One expression that reaches it, with exact integer intermediate results.</param>
public sealed record CountdownProblem(int[] Numbers, int Target, string Solution);
