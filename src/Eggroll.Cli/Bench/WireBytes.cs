using System.Diagnostics.Metrics;

namespace Eggroll.Cli.Bench;

/// <summary>Counts the bytes Orleans sends between silos in this process (message headers and bodies), from its own metrics.</summary>
internal sealed class WireBytes : IDisposable
{
    private static readonly HashSet<string> Instruments = ["orleans-messaging-sent-header-size", "orleans-messaging-sent-messages-size"];

    private readonly MeterListener listener = new();
    private long bytes;

    public WireBytes()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (Instruments.Contains(instrument.Name))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref bytes, value));
        listener.SetMeasurementEventCallback<int>((_, value, _, _) => Interlocked.Add(ref bytes, value));
        listener.Start();
    }

    /// <summary>Bytes sent since the listener started.</summary>
    public long Total => Interlocked.Read(ref bytes);

    public void Dispose() => listener.Dispose();
}
