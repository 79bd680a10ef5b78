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

    /// <summary>Checks that the server at <paramref name="endpoint"/> (given with <c>--redis</c>) answers.</summary>
    /// <exception cref="DistributedRunException">It does not; the message says why.</exception>
    public static void ThrowIfUnreachable(string endpoint)
    {
        if (ProblemAsync(endpoint).GetAwaiter().GetResult() is { } problem)
        {
            throw new DistributedRunException($"cannot reach the Redis server at {endpoint} (--redis): {problem}");
        }
    }

    /// <summary>
    /// Null when the server at <paramref name="endpoint"/> ("host:port") answers a PING within a few seconds, otherwise
    /// why not. Asked over a plain socket with hard deadlines: a client library would queue the command and retry.
    /// </summary>
    public static async Task<string?> ProblemAsync(string endpoint)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        int colon = endpoint.LastIndexOf(':');
        string host = colon > 0 ? endpoint[..colon] : endpoint;
        int port = colon > 0 && int.TryParse(endpoint[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture, out int p) ? p : 6379;
        using var deadline = new CancellationTokenSource(Timeout);
        try
        {
            using var client = new System.Net.Sockets.TcpClient();
            await client.ConnectAsync(host, port, deadline.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), deadline.Token);
            var reply = new byte[64];
            int read = await stream.ReadAsync(reply, deadline.Token);
            return read > 0 ? null : "the connection was closed without a reply";
        }
        catch (OperationCanceledException)
        {
            return $"no answer within {Timeout.TotalSeconds:0} s";
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException)
        {
            return e.Message;
        }
    }
}
