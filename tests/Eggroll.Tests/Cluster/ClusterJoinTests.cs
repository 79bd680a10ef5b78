using System.Diagnostics;
using System.Globalization;
using System.Net;
using Eggroll.Cli;
using Eggroll.Distributed;
using Eggroll.Tasks.Supervised;
using Eggroll.Training;
using Microsoft.Extensions.Hosting;
using static Eggroll.Tests.Distributed.DistributedTrainingTests;

namespace Eggroll.Tests.Cluster;

/// <summary>
/// <c>eggroll cluster coordinator</c> (run in this process) gives work to a worker silo that joins after its first
/// epochs: the coordinator adds a worker for it, placed on it, and the run ends bit-identical to <c>eggroll train</c>.
/// The first worker holds the coordinator inside epoch 3 until the second has joined and the first sees it, so the join is
/// mid-run on any machine.
/// </summary>
[Collection(ThreadCountCollection.Name)]
public sealed class ClusterJoinTests : IClassFixture<TemporaryDirectory>
{
    private const int Epochs = 6;
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(60);
    private static readonly string[] Config = ["evolution.population=64", "training.threads=1"];

    private readonly string directory;

    public ClusterJoinTests(TemporaryDirectory temporary)
    {
        directory = temporary.CreateSubdirectory();
    }

    [Fact]
    public async Task AWorkerSiloJoiningMidRunGetsMembersAndTheRunEndsBitIdenticalToTrain()
    {
        string reference = Path.Combine(directory, "train"), run = Path.Combine(directory, "cluster");
        string[] options = [.. Config.SelectMany(c => new[] { "--set", c }), "--epochs", Epochs.ToString(CultureInfo.InvariantCulture)];
        Assert.Equal(0, EggrollCli.Run(["train", .. options, "--out", reference]));
        var listen = new IPEndPoint(IPAddress.Loopback, Distributed.LocalCluster.FreePort());
        var membership = ClusterMembership.Development(listen);
        var stalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var coordinator = Task.Run(() => EggrollCli.Run(["cluster", "coordinator", .. options, "--out", run, "--listen", listen.ToString(), "--workers", "1"]));
        var first = await StartWorkerAsync(membership, () => Stalling(stalled, release.Task));
        var second = (IHost?)null;
        try
        {
            await stalled.Task.WaitAsync(JoinTimeout);
            second = await StartWorkerAsync(membership, () => Job());

            // The coordinator counts the worker silos it sees active with their grain manifest at each epoch; the second
            // silo's start returns before that has spread, so the hold lasts until the first worker sees both.
            var seen = Stopwatch.StartNew();
            while (ClusterSilo.ActiveWorkers(first) < 2 && seen.Elapsed < JoinTimeout)
            {
                await Task.Delay(50);
            }

            release.SetResult();

            Assert.Equal(0, await coordinator.WaitAsync(JoinTimeout));
        }
        finally
        {
            release.TrySetResult();
            foreach (var silo in new[] { second, first })
            {
                if (silo is not null)
                {
                    ClusterSilo.Stop(silo, TimeSpan.FromSeconds(5));
                }
            }
        }

        var expected = RunCheckpoint.Load(Path.Combine(reference, "checkpoint"));
        var actual = RunCheckpoint.Load(Path.Combine(run, "checkpoint"));
        Assert.Equal(Epochs, actual.State.Epoch);
        Assert.All(expected.Tensors.ByName, t => Assert.True(t.Value.Bytes.AsSpan().SequenceEqual(actual.Tensors.ByName[t.Key].Bytes), $"tensor {t.Key} differs"));
        var members = File.ReadLines(Path.Combine(run, "metrics.jsonl")).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("workerMembers")).ToList();
        Assert.False(members[0].TryGetProperty("1", out _), "the second worker was there from the start");
        Assert.Contains(members, m => m.TryGetProperty("1", out var count) && count.GetInt64() > 0);
    }

    private static Task<IHost> StartWorkerAsync(ClusterMembership membership, Func<IPopulationJob> job) =>
        ClusterSilo.StartWorkerAsync(new IPEndPoint(IPAddress.Loopback, Distributed.LocalCluster.FreePort()), membership, new WorkerJob(job), JoinTimeout);

    /// <summary>The replica <c>eggroll cluster worker</c> builds from the run's config.</summary>
    private static Trainer Job() => SupervisedRun.Create(ConfigLoader.Load<SupervisedRunConfig>(null, [.. Config])).CreateTrainer();

    /// <summary>The same replica, whose first evaluation in epoch 3 signals <paramref name="stalled"/> and waits for <paramref name="release"/>.</summary>
    private static Trainer Stalling(TaskCompletionSource stalled, Task release)
    {
        var run = SupervisedRun.Create(ConfigLoader.Load<SupervisedRunConfig>(null, [.. Config]));
        return new Trainer(run.Model, new StallingObjective(run.Objective, stalled, () => release), run.TrainerOptions) { Kind = SupervisedRun.Kind };
    }
}
