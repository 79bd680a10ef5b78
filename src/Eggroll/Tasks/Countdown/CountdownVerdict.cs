namespace Eggroll.Tasks.Countdown;

/// <summary>What the verifier found in an answer.</summary>
public enum CountdownVerdict
{
    /// <summary>Nothing to check: the answer is empty.</summary>
    NoAnswer,

    /// <summary>No well-formed expression, or one that divides by zero.</summary>
    Unparseable,

    /// <summary>An expression that does not use exactly the given numbers.</summary>
    WrongNumbers,

    /// <summary>An expression over exactly the given numbers whose value is not the target.</summary>
    WrongValue,

    /// <summary>Exactly the given numbers, and the target.</summary>
    Correct,
}
