namespace Eggroll.Tasks.Language.Rwkv;

/// <summary>How the next token is chosen from the logits.</summary>
/// <param name="Temperature">Softmax temperature; 0 = greedy (argmax, lowest id on ties).</param>
/// <param name="TopP">Nucleus mass in (0, 1]: sampling keeps the most probable tokens whose mass first reaches it.</param>
/// <param name="Seed">Seed of the counter-based random draws: draw k of member m depends only on (seed, m, k).</param>
public sealed record SamplingOptions(double Temperature = 0, double TopP = 1, ulong Seed = 1)
{
    /// <summary>Greedy decoding.</summary>
    public static SamplingOptions Greedy { get; } = new();

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a value is out of range.</summary>
    public void Validate()
    {
        if (Temperature is not (>= 0 and <= 1e6))
        {
            throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "The temperature must be between 0 and 1e6.");
        }

        if (TopP is not (> 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(TopP), TopP, "Top-p must be in (0, 1].");
        }
    }
}
