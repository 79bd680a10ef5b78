namespace Eggroll.Models.Egg;

/// <summary>Shape of the EGG model.</summary>
/// <param name="Width">Width D of the residual stream (the MLP is D → 4D → D).</param>
/// <param name="Layers">Number of layers L.</param>
public sealed record EggConfig(int Width = 64, int Layers = 2)
{
    /// <summary>Byte vocabulary.</summary>
    public const int Vocabulary = 256;

    /// <summary>Throws <see cref="ConfigException"/> naming the field when a value is out of range.</summary>
    public void Validate(string prefix)
    {
        if (Width is < 4 or > 4096 || Width % 4 != 0)
        {
            throw new ConfigException($"{prefix}width", $"must be a multiple of 4 between 4 and 4096, got {Width}.");
        }

        if (Layers is < 1 or > 64)
        {
            throw new ConfigException($"{prefix}layers", $"must be between 1 and 64, got {Layers}.");
        }
    }
}
