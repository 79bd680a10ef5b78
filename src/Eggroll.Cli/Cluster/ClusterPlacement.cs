using System.Net;
using Eggroll.Distributed;
using Eggroll.Distributed.Security;
using Eggroll.Training;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Eggroll.Cli.Cluster;

/// <summary>
/// Places a run's <see cref="IPopulationJob"/> on a cluster: starts the coordinator's silo, waits for the workers
/// to join, and hands the run loop a <see cref="DistributedJob"/> over the job, which adds a worker for every worker
/// silo that joins later. With Redis membership it checks the
/// server every few seconds; when it is gone, the run stops after the current epoch, saves its checkpoint and reports it.
/// </summary>
internal sealed class ClusterPlacement : JobPlacement
{
    private static readonly TimeSpan RedisCheckPeriod = TimeSpan.FromSeconds(2);
    private readonly IPEndPoint listen;
    private readonly ClusterMembership membership;
    private readonly int workers;
    private readonly TimeSpan joinTimeout;
    private readonly ClusterCredentials? credentials;
    private readonly CancellationTokenSource lost = new();
    private IHost? silo;
    private Task? watch;
    private string? failure;

    /// <summary>
    /// Creates the placement: the coordinator's silo on <paramref name="listen"/>, allowed <paramref name="joinTimeout"/> to
    /// start, waiting for <paramref name="workers"/> workers; with <paramref name="credentials"/>, its connections are mutual TLS.
    /// </summary>
    public ClusterPlacement(IPEndPoint listen, ClusterMembership membership, int workers, TimeSpan joinTimeout, ClusterCredentials? credentials)
    {
        this.credentials = credentials;
        this.joinTimeout = joinTimeout;
        this.listen = listen;
        this.membership = membership;
        this.workers = workers;
    }

    /// <inheritdoc/>
    public override CancellationToken Lost => lost.Token;

    /// <inheritdoc/>
    public override ITrainingJob Place(ITrainingJob job)
    {
        if (job is not IPopulationJob trainer)
        {
            throw new ConfigException("method", "only evolution strategies spread over a cluster; PPO runs on one machine (eggroll train rl).");
        }

        if (membership.Redis is { } redis)
        {
            RedisConnection.ThrowIfUnreachable(redis);
        }

        silo = ClusterSilo.StartCoordinatorAsync(listen, membership, joinTimeout, credentials).GetAwaiter().GetResult();
        Console.WriteLine($"coordinator listening on {listen} ({(membership.Redis is null ? "localhost membership" : "Redis membership at " + membership.Redis)}, {(credentials is null ? "no TLS" : "mutual TLS")})");
        WaitForWorkers();
        if (membership.Redis is { } server)
        {
            watch = WatchRedisAsync(server);
        }

        string runId = "run-" + Guid.NewGuid().ToString("N");
        var coordinator = new DistributedTrainer(silo.Services.GetRequiredService<IGrainFactory>(), runId, trainer, Enumerable.Range(0, workers).Select(i => (long)i));
        var coordinatorSilo = silo;
        return new DistributedJob(coordinator, () => ClusterSilo.ActiveWorkers(coordinatorSilo));
    }

    /// <inheritdoc/>
    public override void ThrowIfLost()
    {
        if (failure is not null)
        {
            throw new DistributedRunException(failure);
        }
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        lost.Cancel();
        watch?.GetAwaiter().GetResult();
        if (silo is not null)
        {
            ClusterSilo.Stop(silo, TimeSpan.FromSeconds(10));
        }

        lost.Dispose();
    }

    private void WaitForWorkers()
    {
        using var signals = new StopSignals();
        int joined = -1;
        while (ClusterSilo.ActiveWorkers(silo!) is int active && active < workers)
        {
            if (active != joined)
            {
                Console.WriteLine($"waiting for workers: {active} of {workers} joined");
                joined = active;
            }

            if (signals.Token.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(100)))
            {
                throw new DistributedRunException($"stopped by {signals.Received} while waiting for workers ({active} of {workers} joined); nothing was trained.");
            }
        }

        Console.WriteLine($"{workers} worker{(workers == 1 ? "" : "s")} joined");
    }

    private async Task WatchRedisAsync(string server)
    {
        while (!lost.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(RedisCheckPeriod, lost.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (await RedisConnection.ProblemAsync(server) is { } problem)
            {
                failure = $"the Redis server at {server} holding the cluster's membership went away ({problem}); the run stopped after its last complete epoch and saved its checkpoint: continue with --resume once Redis is back.";
                await lost.CancelAsync();
                return;
            }
        }
    }
}
