using System.Globalization;
using Eggroll.Models.Egg;
using Eggroll.Training;

namespace Eggroll.Tasks.Language;

/// <summary>Validation of an <see cref="EggModel"/>: bits per byte on the first bytes of held-out data (<see cref="EggTrainer.BitsPerByte"/>).</summary>
/// <param name="Model">The model being trained.</param>
/// <param name="Data">The held-out bytes.</param>
/// <param name="Length">Predicted bytes per chunk.</param>
/// <param name="MaxBytes">Bytes of <paramref name="Data"/> used at most.</param>
public sealed record EggValidation(EggModel Model, byte[] Data, int Length, int MaxBytes) : IValidation
{
    /// <inheritdoc />
    public ValidationReport Validate()
    {
        double bits = EggTrainer.BitsPerByte(Model, Data, Length, MaxBytes);
        return new ValidationReport([new("validationBitsPerByte", Math.Round(bits, 5))], string.Create(CultureInfo.InvariantCulture, $"validation {bits:F4} bits/byte"));
    }
}
