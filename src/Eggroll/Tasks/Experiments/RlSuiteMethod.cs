namespace Eggroll.Tasks.Experiments;

/// <summary>A training method the RL suite compares.</summary>
public enum RlSuiteMethod
{
    /// <summary>EGGROLL at rank 1 with the environment's evolution defaults.</summary>
    Eggroll,

    /// <summary>OpenES (full-rank Gaussian perturbations) with the same defaults.</summary>
    OpenEs,

    /// <summary>PPO with the environment's PPO defaults (CleanRL's), its learning rate annealed over the budget.</summary>
    Ppo,
}

/// <summary>Labels of <see cref="RlSuiteMethod"/> as tables and plots show them.</summary>
public static class RlSuiteMethods
{
    /// <summary>"EGGROLL r=1", "OpenES" or "PPO".</summary>
    public static string Label(this RlSuiteMethod method) => method switch
    {
        RlSuiteMethod.Eggroll => "EGGROLL r=1",
        RlSuiteMethod.OpenEs => "OpenES",
        RlSuiteMethod.Ppo => "PPO",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "unknown method"),
    };
}
