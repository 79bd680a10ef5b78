using System.Net;
using Eggroll.Distributed;
using Eggroll.Distributed.Security;
using Eggroll.Training;
using Microsoft.Extensions.Hosting;

namespace Eggroll.Cli.Cluster;

/// <summary>
/// <c>eggroll cluster worker</c>'s process: a worker silo whose workers replicate the run config it was given, serving
/// the coordinator until the coordinator leaves (or, with <c>--stay</c>, until SIGINT / SIGTERM).
/// </summary>
internal static class ClusterWorker
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan RedisCheckPeriod = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Serves workers replicating <paramref name="create"/>'s job, its silo allowed <paramref name="joinTimeout"/> to join
    /// (with <paramref name="credentials"/>, over mutual TLS); returns the exit code.
    /// </summary>
    /// <exception cref="DistributedRunException">The cluster cannot be reached, or its Redis server went away.</exception>
    public static int Serve(Func<IPopulationJob> create, IPEndPoint listen, ClusterMembership membership, TimeSpan joinTimeout, bool stay, ClusterCredentials? credentials)
    {
        create();
        if (membership.Redis is { } redis)
        {
            RedisConnection.ThrowIfUnreachable(redis);
        }

        using var signals = new StopSignals();
        var silo = ClusterSilo.StartWorkerAsync(listen, membership, new WorkerJob(create), joinTimeout, credentials).GetAwaiter().GetResult();
        Console.WriteLine($"worker listening on {ClusterSilo.Endpoint(silo)}, joined through {membership.Describe()}");
        string? failure = WaitForEnd(silo, membership, stay, signals.Token);
        ClusterSilo.Stop(silo, TimeSpan.FromSeconds(10));
        if (failure is not null)
        {
            throw new DistributedRunException(failure);
        }

        return signals.Received is null ? ExitCodes.Success : signals.ExitCode;
    }

    /// <summary>Waits until the worker should stop; returns null, or the error that stops it.</summary>
    private static string? WaitForEnd(IHost silo, ClusterMembership membership, bool stay, CancellationToken signalled)
    {
        bool served = false;
        var lastRedisCheck = DateTime.UtcNow;
        while (!signalled.WaitHandle.WaitOne(Poll))
        {
            bool present = ClusterSilo.ActiveCoordinators(silo) > 0;
            if (present && !served)
            {
                Console.WriteLine("coordinator present");
            }

            if (!present && served && !stay)
            {
                Console.WriteLine("the coordinator left; the worker stops");
                return null;
            }

            served |= present;
            if (membership.Redis is { } redis && DateTime.UtcNow - lastRedisCheck >= RedisCheckPeriod)
            {
                lastRedisCheck = DateTime.UtcNow;
                if (RedisConnection.ProblemAsync(redis).GetAwaiter().GetResult() is { } problem)
                {
                    return $"the Redis server at {redis} holding the cluster's membership went away ({problem}); the worker stops (it holds no state of its own).";
                }
            }
        }

        return null;
    }
}
