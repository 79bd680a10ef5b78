using System.Text.Json;
using Eggroll.Training;

namespace Eggroll.Cli.Language;

/// <summary>A language-model run's learning curve from its metrics.jsonl: bits/byte against wall time and tokens.</summary>
/// <param name="Label">The name shown for the run.</param>
/// <param name="Epochs">Epochs recorded.</param>
/// <param name="Tokens">Bytes predicted in training up to each epoch, cumulative.</param>
/// <param name="Elapsed">Wall seconds at the end of each epoch, validations included.</param>
/// <param name="TrainingSeconds">Seconds spent in training epochs up to each epoch, validations excluded.</param>
/// <param name="TrainBits">Train bits/byte of each epoch.</param>
/// <param name="Validations">The epochs (indices into the other lists) that validated, with their bits/byte.</param>
internal sealed record LmCurve(string Label, int Epochs, double[] Tokens, double[] Elapsed, double[] TrainingSeconds, double[] TrainBits, (int Index, double Bits)[] Validations)
{
    /// <summary>Reads <c>metrics.jsonl</c> of the run directory <paramref name="directory"/>.</summary>
    /// <exception cref="ConfigException">The file is missing or a line lacks a field; the message names the file.</exception>
    public static LmCurve Read(string label, string directory)
    {
        string path = Path.Combine(directory, "metrics.jsonl");
        if (!File.Exists(path))
        {
            throw new ConfigException("run", $"{path} does not exist; give the directory of a train lm run.");
        }

        var tokens = new List<double>();
        var elapsed = new List<double>();
        var training = new List<double>();
        var train = new List<double>();
        var validations = new List<(int, double)>();
        double tokenSum = 0, secondSum = 0;
        foreach (string line in File.ReadLines(path).Where(l => l.Length > 0))
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (!root.TryGetProperty("tokens", out var t) || !root.TryGetProperty("elapsedSeconds", out var e) || !root.TryGetProperty("seconds", out var s)
                || !root.TryGetProperty("trainBitsPerByte", out var b))
            {
                throw new ConfigException("run", $"{path} line {tokens.Count + 1} lacks tokens, seconds, elapsedSeconds or trainBitsPerByte; is it a train lm run?");
            }

            tokenSum += t.GetDouble();
            secondSum += s.GetDouble();
            tokens.Add(tokenSum);
            elapsed.Add(e.GetDouble());
            training.Add(secondSum);
            train.Add(b.GetDouble());
            if (root.TryGetProperty("validationBitsPerByte", out var v) && v.ValueKind == JsonValueKind.Number)
            {
                validations.Add((tokens.Count - 1, v.GetDouble()));
            }
        }

        return new LmCurve(label, tokens.Count, [.. tokens], [.. elapsed], [.. training], [.. train], [.. validations]);
    }

    /// <summary>The last validation at or before <paramref name="seconds"/> of wall time, or null when none was.</summary>
    public double? ValidationAt(double seconds)
    {
        double? bits = null;
        foreach (var (index, value) in Validations)
        {
            if (Elapsed[index] <= seconds)
            {
                bits = value;
            }
        }

        return bits;
    }
}
