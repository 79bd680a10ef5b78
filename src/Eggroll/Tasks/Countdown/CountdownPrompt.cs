namespace Eggroll.Tasks.Countdown;

/// <summary>
/// Turns a problem into a prompt. The default follows the format the EGGROLL authors' Countdown runs used (the numbers,
/// the target, reasoning inside <c>&lt;think&gt;</c> tags, the final expression inside <c>&lt;answer&gt;</c> tags), in
/// this project's words; any template with the placeholders <c>{numbers}</c> and <c>{target}</c> can replace it.
/// </summary>
/// <param name="Template">The text with <c>{numbers}</c> (e.g. "[25, 3, 7, 12]") and <c>{target}</c>.</param>
public sealed record CountdownPrompt(string Template)
{
    /// <summary>The default template.</summary>
    public const string DefaultTemplate =
        "Numbers: {numbers}. Target: {target}. Write an arithmetic expression that equals the target, using + - * / and "
        + "parentheses, with each number used exactly once. Think inside <think> </think>, then give only the expression "
        + "inside <answer> </answer>, for example <answer> (1 + 2) * 3 </answer>.\n<think>";

    /// <summary>
    /// A short template for small models on a CPU: the same numbers, target and tags without the instructions, so a
    /// prompt costs a tenth of the tokens to read.
    /// </summary>
    public const string CompactTemplate = "Numbers: {numbers}. Target: {target}.\n<think>";

    /// <summary>The prompt with the default template.</summary>
    public static CountdownPrompt Default { get; } = new(DefaultTemplate);

    /// <summary>The prompt with the compact template.</summary>
    public static CountdownPrompt Compact { get; } = new(CompactTemplate);

    /// <summary>
    /// The text a model should write after <see cref="Format"/>'s prompt for <paramref name="problem"/>: its worked
    /// steps, the closing think tag and the solution inside answer tags.
    /// </summary>
    public static string Completion(CountdownProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return string.Join(", ", problem.Steps) + "</think><answer>" + problem.Solution + "</answer>";
    }

    /// <summary>The prompt of <paramref name="problem"/>.</summary>
    public string Format(CountdownProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return Template
            .Replace("{numbers}", "[" + string.Join(", ", problem.Numbers) + "]", StringComparison.Ordinal)
            .Replace("{target}", problem.Target.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }
}
