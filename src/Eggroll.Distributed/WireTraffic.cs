namespace Eggroll.Distributed;

/// <summary>
/// The coordinator's estimate of the bytes it sent to and received from its workers: the payload of each message
/// (epochs, member indices, 4 bytes per float score or the packed pair outcomes, a sent state's tensors), without the
/// framing Orleans adds per message.
/// </summary>
public sealed class WireTraffic
{
    private long sent;
    private long received;

    /// <summary>Payload bytes sent to workers so far.</summary>
    public long Sent => Interlocked.Read(ref sent);

    /// <summary>Payload bytes received from workers so far.</summary>
    public long Received => Interlocked.Read(ref received);

    /// <summary>Counts one call: <paramref name="request"/> bytes out, <paramref name="answer"/> bytes back.</summary>
    internal void Count(long request, long answer)
    {
        Interlocked.Add(ref sent, request);
        Interlocked.Add(ref received, answer);
    }
}
