namespace Eggroll.Tasks.Countdown;

/// <summary>One Countdown instance: reach <see cref="Target"/> with + − × ÷ using each of <see cref="Numbers"/> exactly once.</summary>
/// <param name="Numbers">The given numbers (3 or 4, each in 1..100, unless a <see cref="CountdownDifficulty"/> says otherwise), in the order they are shown.</param>
/// <param name="Target">The number to reach (100..999 by default).</param>
/// <param name="Solution">One expression that reaches it, with exact integer intermediate results.</param>
public sealed record CountdownProblem(int[] Numbers, int Target, string Solution)
{
    /// <summary>The solution as the generator built it, one operation on two values at a time (e.g. "85 - 60 = 25", "5 * 25 = 125"); empty when unknown.</summary>
    public IReadOnlyList<string> Steps { get; init; } = [];
}
