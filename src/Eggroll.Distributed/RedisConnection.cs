using StackExchange.Redis;

namespace Eggroll.Distributed;

/// <summary>Connections to the Redis server holding a run's membership table, which fail fast rather than retry for long.</summary>
public static class RedisConnection
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>The connection options for the server at <paramref name="endpoint"/> ("host:port").</summary>
    public static ConfigurationOptions Options(string endpoint)
    {
        var options = ConfigurationOptions.Parse(endpoint);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = (int)Timeout.TotalMilliseconds;
        options.SyncTimeout = (int)Timeout.TotalMilliseconds;
        options.AsyncTimeout = (int)Timeout.TotalMilliseconds;
        return options;
    }

    /// <summary>Null when the server at <paramref name="endpoint"/> answers a PING within a few seconds, otherwise why not.</summary>
    public static async Task<string?> ProblemAsync(string endpoint)
    {
        try
        {
            using var connection = await ConnectionMultiplexer.ConnectAsync(Options(endpoint));
            await connection.GetDatabase().PingAsync();
            return null;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return e.Message.Split('\n')[0].Trim();
        }
    }
}
