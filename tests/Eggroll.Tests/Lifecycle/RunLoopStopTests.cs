using System.Text.Json.Nodes;
using Eggroll.Training;

namespace Eggroll.Tests.Lifecycle;

/// <summary>How <see cref="RunLoop"/> ends a run: the epoch that ends it is validated and reported as the last, whatever stops it.</summary>
public sealed class RunLoopStopTests
{
    [Fact]
    public void A_time_limit_that_passes_after_an_epoch_was_reported_still_validates_the_epoch_the_run_ends_on()
    {
        var job = new CountingJob();
        var validation = new EpochValidation(job);
        var reports = new List<RunProgress>();
        var options = new RunLoopOptions { Epochs = 1_000, TimeLimit = TimeSpan.FromMilliseconds(300), Validation = validation, ValidateEvery = 1_000 };

        var result = RunLoop.Run(job, options, progress =>
        {
            reports.Add(progress);
            if (!progress.IsLast)
            {
                Thread.Sleep(400); // the limit passes here, after this epoch was judged not to be the last
            }
        });

        Assert.Equal(StopReason.TimeLimit, result.Reason);
        Assert.True(reports[^1].IsLast);
        Assert.Equal(result.EpochsCompleted, reports[^1].Report.Epoch);
        Assert.Equal([result.EpochsCompleted], validation.ValidatedEpochs);
        Assert.Same(reports[^1].Validation, result.LastValidation);
    }

    [Fact]
    public void A_stop_requested_while_an_epoch_is_reported_ends_the_run_without_another_epoch()
    {
        var job = new CountingJob();
        using var stop = new CancellationTokenSource();
        var options = new RunLoopOptions { Epochs = 1_000, Validation = new EpochValidation(job), ValidateEvery = 1_000 };

        var result = RunLoop.Run(job, options, progress =>
        {
            if (progress.Report.Epoch == 3)
            {
                stop.Cancel();
            }
        }, stop.Token);

        Assert.Equal(StopReason.Cancelled, result.Reason);
        Assert.Equal(3, result.EpochsCompleted);
        Assert.Equal(3, job.Epoch);
    }

    [Fact]
    public void The_epoch_limit_ends_the_run_on_a_validated_last_epoch()
    {
        var job = new CountingJob();
        var validation = new EpochValidation(job);
        var reports = new List<RunProgress>();

        var result = RunLoop.Run(job, new RunLoopOptions { Epochs = 7, Validation = validation, ValidateEvery = 3 }, reports.Add);

        Assert.Equal(StopReason.Completed, result.Reason);
        Assert.Equal([3L, 6, 7], validation.ValidatedEpochs);
        Assert.Equal([false, false, false, false, false, false, true], reports.Select(r => r.IsLast));
    }

    /// <summary>A job whose epochs do nothing but count.</summary>
    private sealed class CountingJob : ITrainingJob
    {
        public string Kind => "counting";

        public long Epoch { get; private set; }

        public IEpochReport RunEpoch() => new Report(++Epoch);

        public IReadOnlyList<StateTensor> StateTensors() => [];

        public JsonObject SaveState() => [];

        public void Restore(long epoch, JsonObject state, CheckpointTensors tensors) => Epoch = epoch;

        public string? DescribeDivergence() => null;
    }

    private sealed record Report(long Epoch) : IEpochReport
    {
        public double Seconds => 0;

        public string Summary => $"epoch {Epoch}";

        public JsonObject ToJson() => new() { ["epoch"] = Epoch };
    }

    /// <summary>Records the epoch of the job at every validation.</summary>
    private sealed class EpochValidation(CountingJob job) : IValidation
    {
        public List<long> ValidatedEpochs { get; } = [];

        public ValidationReport Validate()
        {
            ValidatedEpochs.Add(job.Epoch);
            return new ValidationReport([], $"epoch {job.Epoch}");
        }
    }
}
