using System.Globalization;
using Eggroll.Models.Rwkv;
using Eggroll.Population;
using Eggroll.Training;

namespace Eggroll.Tasks.Language.Rwkv;

/// <summary>Bits/byte of the unperturbed RWKV-7 model on held-out bytes, cut into windows of <see cref="Length"/> predictions, each from the zero state.</summary>
public sealed record RwkvValidation(RwkvModel Model, byte[] Data, int Length, int MaxBytes) : IValidation
{
    /// <inheritdoc/>
    public ValidationReport Validate()
    {
        double bits = BitsPerByte(Model, Data, Length, MaxBytes);
        return new ValidationReport([new("validationBitsPerByte", Math.Round(bits, 5))], string.Create(CultureInfo.InvariantCulture, $"validation {bits:F4} bits/byte"));
    }

    /// <summary>Mean −log₂ p(next byte) over the first <paramref name="maxBytes"/> bytes in windows of <paramref name="length"/> predictions.</summary>
    public static double BitsPerByte(RwkvModel model, ReadOnlySpan<byte> bytes, int length, int maxBytes)
    {
        var (data, chunks, windowLength) = ValidationWindows.Cut(bytes, length, maxBytes);
        var sequences = Array.ConvertAll(data, b => (int)b);
        var logProbs = new float[chunks * windowLength];
        RwkvSequenceScorer.LogProbs(model, sequences, windowLength, ForwardContext.Unperturbed(chunks), logProbs);
        double sum = 0;
        foreach (float x in logProbs)
        {
            sum += x;
        }

        return -sum / logProbs.Length / Math.Log(2);
    }
}
