using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Eggroll.Distributed;

namespace Eggroll.Cli.Cluster;

/// <summary>
/// How a cluster process reaches the others: <c>--listen ADDR:PORT</c> (its own silo endpoint), <c>--membership
/// localhost|redis</c> and <c>--redis HOST:PORT</c>; a worker adds <c>--join ADDR:PORT</c> (the coordinator's endpoint).
/// </summary>
internal sealed class ClusterNetworkOptions
{
    /// <summary>The default silo endpoint of the coordinator (Orleans' usual silo port, loopback only).</summary>
    public const string DefaultCoordinatorEndpoint = "127.0.0.1:11111";

    private readonly bool worker;

    /// <summary>Creates the options of the coordinator (<paramref name="worker"/> false) or of a worker.</summary>
    public ClusterNetworkOptions(bool worker)
    {
        this.worker = worker;
        Listen = new Option<string>("--listen")
        {
            Description = worker
                ? "This worker's silo endpoint ADDR:PORT; other machines must reach ADDR; port 0 picks a free one."
                : $"The coordinator's silo endpoint ADDR:PORT; workers join it under localhost membership; use a reachable address for other machines.",
            DefaultValueFactory = _ => worker ? "127.0.0.1:0" : DefaultCoordinatorEndpoint,
        };
        Membership = new Option<string>("--membership")
        {
            Description = "How silos find each other: localhost (Orleans' development clustering, the coordinator holds the table) or redis (a Redis server holds it; --redis) [default: localhost, or redis when --redis is given].",
        };
        Membership.AcceptOnlyFromAmong("localhost", "redis");
        Redis = new Option<string?>("--redis") { Description = "The Redis server HOST:PORT holding the membership table (implies --membership redis) [default: none]." };
        JoinTimeout = new Option<double>("--join-timeout")
        {
            Description = "Seconds this process's silo may take to start and join the cluster before it gives up with an error.",
            DefaultValueFactory = _ => 120,
        };
        Join = new Option<string?>("--join") { Description = $"The coordinator's endpoint ADDR:PORT (its --listen) under localhost membership [default: {DefaultCoordinatorEndpoint}]." };
    }

    /// <summary><c>--listen</c>.</summary>
    public Option<string> Listen { get; }

    /// <summary><c>--membership</c>.</summary>
    public Option<string> Membership { get; }

    /// <summary><c>--redis</c>.</summary>
    public Option<string?> Redis { get; }

    /// <summary><c>--join-timeout</c>.</summary>
    public Option<double> JoinTimeout { get; }

    /// <summary><c>--join</c> (workers only).</summary>
    public Option<string?> Join { get; }

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Listen);
        command.Options.Add(Membership);
        command.Options.Add(Redis);
        command.Options.Add(JoinTimeout);
        if (worker)
        {
            command.Options.Add(Join);
        }
    }

    /// <summary>How long the silo may take to join.</summary>
    /// <exception cref="ConfigException">The value is not a positive number of seconds.</exception>
    public TimeSpan JoinTimeoutOf(ParseResult parse)
    {
        double seconds = parse.GetValue(JoinTimeout);
        return seconds > 0 && seconds <= 86_400
            ? TimeSpan.FromSeconds(seconds)
            : throw new ConfigException(JoinTimeout.Name, $"{seconds} is not a number of seconds in (0, 86400].");
    }

    /// <summary>
    /// This process's silo endpoint. A coordinator's port 0 becomes a free port of that address here, as its localhost
    /// membership names it; a worker's stays 0, for its silo to choose (<c>ClusterSilo.StartWorkerAsync</c>).
    /// </summary>
    /// <exception cref="ConfigException">The value is not ADDR:PORT.</exception>
    public IPEndPoint ListenEndpoint(ParseResult parse)
    {
        var endpoint = Endpoint(parse.GetValue(Listen)!, Listen.Name);
        return endpoint.Port != 0 || worker ? endpoint : new IPEndPoint(endpoint.Address, ClusterSilo.FreePort(endpoint.Address));
    }

    /// <summary>The membership the options select; <paramref name="listen"/> is the coordinator's own endpoint when it is the primary.</summary>
    /// <exception cref="ConfigException">The options contradict each other or an endpoint is malformed.</exception>
    public ClusterMembership MembershipOf(ParseResult parse, IPEndPoint listen)
    {
        string? redis = parse.GetValue(Redis);
        string membership = parse.GetValue(Membership) ?? (redis is null ? "localhost" : "redis");
        if (membership == "redis")
        {
            if (redis is null)
            {
                throw new ConfigException(Redis.Name, "is required with --membership redis: give the Redis server as HOST:PORT.");
            }

            if (worker && parse.GetValue(Join) is not null)
            {
                throw new ConfigException(Join.Name, "is for localhost membership; with Redis a worker finds the coordinator through --redis.");
            }

            Endpoint(redis, Redis.Name);
            return ClusterMembership.OnRedis(redis);
        }

        if (redis is not null)
        {
            throw new ConfigException(Redis.Name, "needs --membership redis (localhost membership has no Redis server).");
        }

        return ClusterMembership.Development(worker ? Endpoint(parse.GetValue(Join) ?? DefaultCoordinatorEndpoint, Join.Name) : listen);
    }

    /// <summary>ADDR:PORT, with ADDR an IP address or a host name.</summary>
    private static IPEndPoint Endpoint(string text, string option)
    {
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535)
        {
            throw new ConfigException(option, $"{Echo.Of(text)} is not ADDR:PORT (e.g. 127.0.0.1:11111).");
        }

        string host = text[..colon].Trim('[', ']');
        if (IPAddress.TryParse(host, out var address))
        {
            return new IPEndPoint(address, port);
        }

        try
        {
            var addresses = Dns.GetHostAddresses(host);
            var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault();
            return chosen is null
                ? throw new ConfigException(option, $"host {Echo.Of(host)} has no address.")
                : new IPEndPoint(chosen, port);
        }
        catch (SocketException e)
        {
            throw new ConfigException(option, $"host {Echo.Of(host)} cannot be resolved: {e.Message}");
        }
    }
}
