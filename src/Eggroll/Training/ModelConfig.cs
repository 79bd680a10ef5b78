using Eggroll.Models;

namespace Eggroll.Training;

/// <summary>The MLP trained on the task: its hidden widths and activation.</summary>
public sealed record ModelConfig
{
    /// <summary>Hidden layer widths, input to output.</summary>
    public int[] Hidden { get; init; } = [32, 32];

    /// <summary>Activation between layers.</summary>
    public ActivationKind Activation { get; init; } = ActivationKind.Tanh;

    /// <summary>Throws <see cref="ConfigException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        if (Hidden is null)
        {
            throw new ConfigException("model.hidden", "must be a list of widths, got null.");
        }

        for (int i = 0; i < Hidden.Length; i++)
        {
            ConfigChecks.InRange(Hidden[i], 1, 65_536, $"model.hidden[{i}]");
        }

        if (!Enum.IsDefined(Activation))
        {
            throw new ConfigException("model.activation", $"unknown activation {Activation}; use relu, tanh or silu.");
        }
    }
}
