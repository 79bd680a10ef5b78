namespace Eggroll.Tasks.Countdown;

/// <summary>How a verdict becomes a reward.</summary>
public enum CountdownRewards
{
    /// <summary>reasoning-gym's: 1 correct, 0.05 parses but is wrong, 0.01 does not parse, 0 no answer.</summary>
    ReasoningGym,

    /// <summary>TinyZero's: 1 correct, 0.1 an answer was given but is wrong (or does not parse), 0 no answer.</summary>
    TinyZero,
}
