using System.Runtime.InteropServices;

namespace Eggroll.Training;

/// <summary>
/// Turns SIGINT (Ctrl-C) and SIGTERM into a cancellation between epochs instead of killing the process, so
/// a run can save its checkpoint and exit with the conventional code (130 or 143).
/// </summary>
public sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource source = new();
    private readonly PosixSignalRegistration interrupt;
    private readonly PosixSignalRegistration terminate;
    private int received;

    /// <summary>Starts listening for SIGINT and SIGTERM.</summary>
    public StopSignals()
    {
        interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
    }

    /// <summary>Cancelled when a signal arrives.</summary>
    public CancellationToken Token => source.Token;

    /// <summary>The first signal received, or null.</summary>
    public PosixSignal? Received => received == 0 ? null : (PosixSignal)received;

    /// <summary>The exit code a process stopped by <see cref="Received"/> conventionally returns: 128 + the signal number (130 for SIGINT, 143 for SIGTERM).</summary>
    public int ExitCode => Received switch
    {
        PosixSignal.SIGTERM => 143,
        _ => 130,
    };

    /// <inheritdoc />
    public void Dispose()
    {
        interrupt.Dispose();
        terminate.Dispose();
        source.Dispose();
    }

    private void Stop(PosixSignalContext context)
    {
        context.Cancel = true;
        Interlocked.CompareExchange(ref received, (int)context.Signal, 0);
        source.Cancel();
    }
}
