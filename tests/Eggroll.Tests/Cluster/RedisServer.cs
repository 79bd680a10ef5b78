using System.ComponentModel;
using System.Diagnostics;
using Eggroll.Distributed;

namespace Eggroll.Tests.Cluster;

/// <summary>
/// A throwaway redis-server on a free loopback port, without persistence, stopped on dispose. A machine without
/// redis-server fails the test that needs it (tests/install-system-packages.sh installs it; ./test.sh runs that).
/// </summary>
internal sealed class RedisServer : IDisposable
{
    private readonly Process process;

    private RedisServer(Process process, string endpoint)
    {
        this.process = process;
        Endpoint = endpoint;
    }

    /// <summary>"127.0.0.1:PORT".</summary>
    public string Endpoint { get; }

    public static RedisServer Start()
    {
        int port = Distributed.LocalCluster.FreePort();
        Process process;
        try
        {
            process = Process.Start(new ProcessStartInfo("redis-server", ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            })!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"redis-server cannot be started ({e.Message}); install it with tests/install-system-packages.sh (./test.sh does).", e);
        }

        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        var server = new RedisServer(process, $"127.0.0.1:{port}");
        var clock = Stopwatch.StartNew();
        while (RedisConnection.ProblemAsync(server.Endpoint).GetAwaiter().GetResult() is { } problem)
        {
            if (process.HasExited || clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                server.Dispose();
                throw new InvalidOperationException($"redis-server on port {port} did not answer: {problem}");
            }

            Thread.Sleep(50);
        }

        return server;
    }

    /// <summary>Stops the server at once, as a lost Redis machine.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        process.Dispose();
    }
}
