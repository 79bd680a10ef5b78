using Eggroll.Training;

namespace Eggroll.Tasks.Rl.Ppo;

/// <summary>
/// PPO hyper-parameters (the <c>ppo</c> section of an RL run config). The defaults are CleanRL's <c>ppo.py</c>
/// (CartPole); <see cref="RlDefaults.ForPpo"/> gives CleanRL's <c>ppo_continuous_action.py</c> values for box
/// action spaces. The learning rate and Adam settings live in the run's <c>optimizer</c> section.
/// </summary>
public sealed record PpoConfig
{
    /// <summary>Environments stepped side by side.</summary>
    public int Envs { get; init; } = 4;

    /// <summary>Steps per environment per rollout; an epoch collects Envs·Steps transitions.</summary>
    public int Steps { get; init; } = 128;

    /// <summary>Anneal the learning rate linearly to 0 over <c>training.epochs</c>.</summary>
    public bool AnnealLearningRate { get; init; } = true;

    /// <summary>Discount γ.</summary>
    public float Gamma { get; init; } = 0.99f;

    /// <summary>GAE λ.</summary>
    public float GaeLambda { get; init; } = 0.95f;

    /// <summary>Minibatches per pass over the rollout; must divide Envs·Steps.</summary>
    public int Minibatches { get; init; } = 4;

    /// <summary>Passes over the rollout per epoch.</summary>
    public int UpdateEpochs { get; init; } = 4;

    /// <summary>Normalise advantages per minibatch to zero mean and unit (sample) standard deviation.</summary>
    public bool NormalizeAdvantages { get; init; } = true;

    /// <summary>The surrogate clipping coefficient ε (also clips the value loss when <see cref="ClipValueLoss"/>).</summary>
    public float ClipCoefficient { get; init; } = 0.2f;

    /// <summary>Use the clipped value loss max((v − R)², (clip(v − v_old) + v_old − R)²).</summary>
    public bool ClipValueLoss { get; init; } = true;

    /// <summary>Weight of the entropy bonus.</summary>
    public float EntropyCoefficient { get; init; } = 0.01f;

    /// <summary>Weight of the value loss.</summary>
    public float ValueCoefficient { get; init; } = 0.5f;

    /// <summary>Global gradient norm above which gradients are scaled down.</summary>
    public float MaxGradNorm { get; init; } = 0.5f;

    /// <summary>Normalise observations with running statistics (clipped to ±10).</summary>
    public bool NormalizeObservations { get; init; }

    /// <summary>Divide rewards by the running standard deviation of the discounted return (clipped to ±10).</summary>
    public bool NormalizeRewards { get; init; }

    /// <summary>
    /// At a time-limit truncation (not a termination) add γ·V(final observation) to the step's reward, as
    /// Stable-Baselines3 does; false treats truncation as termination, as CleanRL does (which stalls PPO on
    /// Pendulum-v1, an environment that only ever truncates: CleanRL issue #504).
    /// </summary>
    public bool BootstrapTruncation { get; init; } = true;

    /// <summary>Initial log standard deviation of the Gaussian head (box action spaces).</summary>
    public float InitialLogStd { get; init; }

    /// <summary>Transitions per epoch, Envs·Steps.</summary>
    public int BatchSize => Envs * Steps;

    /// <summary>Throws <see cref="ConfigException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        ConfigChecks.InRange(Envs, 1, 4096, "ppo.envs");
        ConfigChecks.InRange(Steps, 1, 1 << 20, "ppo.steps");
        ConfigChecks.InRange(Minibatches, 1, 1 << 20, "ppo.minibatches");
        ConfigChecks.InRange(UpdateEpochs, 1, 1000, "ppo.updateEpochs");
        if ((long)Envs * Steps > 1 << 24)
        {
            throw new ConfigException("ppo.steps", $"envs·steps = {(long)Envs * Steps} is above 2^24 transitions per epoch.");
        }

        if (BatchSize % Minibatches != 0 || BatchSize / Minibatches < 2)
        {
            throw new ConfigException("ppo.minibatches", $"{Minibatches} must divide envs·steps = {BatchSize} into minibatches of at least 2.");
        }

        Unit(Gamma, "ppo.gamma");
        Unit(GaeLambda, "ppo.gaeLambda");
        Positive(ClipCoefficient, "ppo.clipCoefficient");
        Positive(MaxGradNorm, "ppo.maxGradNorm");
        NonNegative(EntropyCoefficient, "ppo.entropyCoefficient");
        NonNegative(ValueCoefficient, "ppo.valueCoefficient");
        if (!float.IsFinite(InitialLogStd))
        {
            throw new ConfigException("ppo.initialLogStd", $"must be a finite number, got {InitialLogStd}.");
        }
    }

    private static void Unit(float value, string field)
    {
        if (!(value >= 0f && value <= 1f))
        {
            throw new ConfigException(field, $"must be in [0, 1], got {value}.");
        }
    }

    private static void Positive(float value, string field)
    {
        if (!(value > 0f) || !float.IsFinite(value))
        {
            throw new ConfigException(field, $"must be a positive finite number, got {value}.");
        }
    }

    private static void NonNegative(float value, string field)
    {
        if (!(value >= 0f) || !float.IsFinite(value))
        {
            throw new ConfigException(field, $"must be a finite number ≥ 0, got {value}.");
        }
    }
}
