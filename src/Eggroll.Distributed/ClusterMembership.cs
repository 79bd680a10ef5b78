using System.Net;
using Microsoft.Extensions.Hosting;
using Orleans.Hosting;

namespace Eggroll.Distributed;

/// <summary>
/// How the silos of a run find each other: Orleans' development clustering, whose membership table lives in the
/// primary silo (the coordinator; every silo names its endpoint), or a Redis server holding the membership table
/// (silos need only the Redis address and may come and go on any machine).
/// </summary>
public sealed record ClusterMembership
{
    private ClusterMembership(IPEndPoint? primary, string? redis)
    {
        Primary = primary;
        Redis = redis;
    }

    /// <summary>The primary silo's endpoint under development clustering; null with Redis.</summary>
    public IPEndPoint? Primary { get; }

    /// <summary>The Redis server ("host:port") holding the membership table; null under development clustering.</summary>
    public string? Redis { get; }

    /// <summary>Development clustering with the primary silo at <paramref name="primary"/>.</summary>
    public static ClusterMembership Development(IPEndPoint primary)
    {
        ArgumentNullException.ThrowIfNull(primary);
        return new ClusterMembership(primary, null);
    }

    /// <summary>Redis clustering with the membership table on the Redis server at <paramref name="endpoint"/> ("host:port").</summary>
    public static ClusterMembership OnRedis(string endpoint)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        return new ClusterMembership(null, endpoint);
    }

    /// <summary>"the coordinator at ADDR:PORT" or "the Redis server at HOST:PORT", for messages.</summary>
    public string Describe() => Redis is null ? $"the coordinator at {Primary}" : $"the Redis server at {Redis}";

    /// <summary>Makes <paramref name="silo"/> use this membership.</summary>
    internal void Apply(ISiloBuilder silo)
    {
        if (Redis is null)
        {
            silo.UseDevelopmentClustering(Primary!);
        }
        else
        {
            silo.UseRedisClustering(options => options.ConfigurationOptions = RedisConnection.Options(Redis));
        }
    }
}
