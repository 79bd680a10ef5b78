using Eggroll.Cli;
using Eggroll.Training;

namespace Eggroll.Tests.Cli;

/// <summary>The resume check of <c>train lm</c>: a short run on two threads resumed to the full length, against one straight run on one thread.</summary>
internal static class ResumedLmRuns
{
    /// <summary>
    /// Runs <c>train lm</c> with <paramref name="args"/> for <paramref name="shortEpochs"/> epochs on two threads into
    /// "short" under <paramref name="directory"/>, resumes it to <paramref name="longEpochs"/>, and runs
    /// <paramref name="longEpochs"/> straight on one thread into "long"; every run must succeed.
    /// </summary>
    public static (string ResumedRun, string StraightRun) Train(string[] args, string directory, int shortEpochs, int longEpochs)
    {
        string shortRun = Path.Combine(directory, "short"), longRun = Path.Combine(directory, "long");
        string full = longEpochs.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(0, EggrollCli.Run(["train", "lm", .. args, "--epochs", shortEpochs.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", shortRun, "--threads", "2"]));
        Assert.Equal(0, EggrollCli.Run(["train", "lm", "--resume", shortRun, "--epochs", full]));
        Assert.Equal(0, EggrollCli.Run(["train", "lm", .. args, "--epochs", full, "--out", longRun, "--threads", "1"]));
        return (shortRun, longRun);
    }

    /// <summary>The last checkpoint of <paramref name="run"/>.</summary>
    public static LoadedCheckpoint Checkpoint(string run) => RunCheckpoint.Load(Path.Combine(run, "checkpoint"));

    /// <summary>Every tensor's bytes, in name order.</summary>
    public static byte[][] Tensors(LoadedCheckpoint checkpoint) =>
        [.. checkpoint.Tensors.ByName.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => t.Value.Bytes)];
}
