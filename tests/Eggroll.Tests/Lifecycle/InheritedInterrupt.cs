using System.Globalization;
using System.Runtime.InteropServices;

namespace Eggroll.Tests.Lifecycle;

/// <summary>
/// A process started in the background by a non-interactive shell (as a CI script may start the tests) has SIGINT
/// ignored, and children inherit that, so a child would never see the SIGINT a test sends it. Before the tests start
/// children, this puts SIGINT back to its default action in the test process, which then passes that on. It changes
/// nothing when SIGINT is not ignored (the runtime's own handler stays in place).
/// </summary>
internal static partial class InheritedInterrupt
{
    private const int SigInt = 2;
    private static readonly Lock Gate = new();
    private static bool done;

    /// <summary>Restores SIGINT's default action if this process ignores it (Linux only; elsewhere nothing to do).</summary>
    public static void Restore()
    {
        lock (Gate)
        {
            if (done || !OperatingSystem.IsLinux())
            {
                return;
            }

            done = true;
            if (IsIgnored())
            {
                Signal(SigInt, 0); // SIG_DFL
            }
        }
    }

    private static bool IsIgnored()
    {
        string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (ulong.Parse(line["SigIgn:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture) & (1UL << (SigInt - 1))) != 0;
    }

    [LibraryImport("libc", EntryPoint = "signal")]
    private static partial nint Signal(int signal, nint handler);
}
