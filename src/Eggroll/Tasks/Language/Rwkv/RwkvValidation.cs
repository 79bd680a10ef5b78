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
        int available = Math.Min(bytes.Length, maxBytes) - 1;
        if (available < 1)
        {
            throw new ArgumentException($"{bytes.Length} bytes hold nothing to predict.", nameof(bytes));
        }

        length = Math.Min(length, available);
        int chunks = available / length;
        var sequences = new int[chunks * (length + 1)];
        for (int c = 0; c < chunks; c++)
        {
            for (int i = 0; i <= length; i++)
            {
                sequences[(c * (length + 1)) + i] = bytes[(c * length) + i];
            }
        }

        var logProbs = new float[chunks * length];
        RwkvSequenceScorer.LogProbs(model, sequences, length, ForwardContext.Unperturbed(chunks), logProbs);
        double sum = 0;
        foreach (float x in logProbs)
        {
            sum += x;
        }

        return -sum / logProbs.Length / Math.Log(2);
    }
}
