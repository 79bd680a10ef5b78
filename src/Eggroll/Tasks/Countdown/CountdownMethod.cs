namespace Eggroll.Tasks.Countdown;

/// <summary>How <c>countdown train</c> fine-tunes the model.</summary>
public enum CountdownMethod
{
    /// <summary>EGGROLL: a perturbed population answering greedily, fitness = mean reward (<see cref="CountdownEggrollJob"/>).</summary>
    Eggroll,

    /// <summary>GRPO: sampled groups of answers per prompt, group-relative advantages, a clipped policy gradient (<see cref="CountdownGrpoJob"/>).</summary>
    Grpo,
}
