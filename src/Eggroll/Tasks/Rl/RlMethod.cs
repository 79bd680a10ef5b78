namespace Eggroll.Tasks.Rl;

/// <summary>How an RL run trains its policy.</summary>
public enum RlMethod
{
    /// <summary>The evolution strategy of the <c>evolution</c> section (EGGROLL or OpenES).</summary>
    Eggroll,

    /// <summary>Proximal policy optimisation with back-propagated gradients (the <c>ppo</c> section).</summary>
    Ppo,
}
