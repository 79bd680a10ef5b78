using System.Text.Json;
using Eggroll.Cli.Rl;
using Eggroll.IO;
using Eggroll.Tasks.Experiments;
using Eggroll.Tasks.Rl;
using Eggroll.Training;

namespace Eggroll.Cli.Experiments;

/// <summary>The suite's figures of learning curves: one with a panel per environment, and one per environment.</summary>
internal static class RlSuitePlot
{
    /// <summary>File name of the figure with every environment.</summary>
    public const string SummaryFile = "rl-suite.png";

    /// <summary>
    /// Writes <see cref="SummaryFile"/> and rl-suite-ENV.png per environment into <paramref name="directory"/>: the
    /// population's mean return against environment steps, averaged over seeds epoch by epoch; returns the files written.
    /// </summary>
    public static IReadOnlyList<string> Save(RlSuiteResult result, string directory)
    {
        var panels = result.Runs.GroupBy(r => r.Environment).Select(environment =>
        {
            var series = environment.GroupBy(r => r.Strategy).Select(strategy =>
            {
                int length = strategy.Min(r => r.Steps.Length);
                double[] steps = Enumerable.Range(0, length).Select(i => strategy.Average(r => r.Steps[i])).ToArray();
                double[] returns = Enumerable.Range(0, length).Select(i => strategy.Average(r => r.MeanReturns[i])).ToArray();
                return (strategy.Key, steps, returns);
            }).ToList();
            double threshold = EnvironmentRegistry.Find(environment.Key)!.SolvedThreshold;
            return (environment.Key, threshold, (IReadOnlyList<(string, double[], double[])>)series);
        }).ToList();
        var written = new List<string> { Path.Combine(directory, SummaryFile) };
        LearningCurvePlot.SaveGrid(panels, written[0]);
        foreach (var panel in panels)
        {
            written.Add(Path.Combine(directory, $"rl-suite-{panel.Key}.png"));
            LearningCurvePlot.SaveGrid([panel], written[^1]);
        }

        return written;
    }

    /// <summary>Reads the rl-suite.json an earlier suite wrote.</summary>
    /// <exception cref="ConfigException">The file is missing, is not a suite's JSON, or names an unknown environment.</exception>
    public static RlSuiteResult Load(string path, string option)
    {
        RlSuiteResult? result;
        try
        {
            using var stream = File.OpenRead(path);
            result = JsonSerializer.Deserialize<RlSuiteResult>(stream, JsonDefaults.Options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            throw new ConfigException(option, $"{path} cannot be read as an rl-suite.json: {e.Message.Split('\n')[0]}");
        }

        if (result?.Runs is not { Count: > 0 } runs || runs.Any(r => r?.Steps is null || r.MeanReturns is null || r.Steps.Length != r.MeanReturns.Length))
        {
            throw new ConfigException(option, $"{path} is not an rl-suite.json with runs and their curves.");
        }

        if (runs.FirstOrDefault(r => EnvironmentRegistry.Find(r.Environment ?? "") is null) is { } unknown)
        {
            throw new ConfigException(option, $"{path} names an unknown environment '{unknown.Environment}'.");
        }

        return result;
    }
}
