using System.Runtime.InteropServices;

namespace Eggroll.Numerics.CodeGen;

/// <summary>
/// Places a few bytes of x86-64 machine code in memory that may run but not be written
/// (mapped writable, filled, then switched to read + execute). Linux only; elsewhere, or when
/// the system refuses executable mappings, <see cref="TryCreate"/> returns null.
/// </summary>
internal static unsafe partial class ExecutableCode
{
    private const int ProtectRead = 1, ProtectWrite = 2, ProtectExecute = 4;
    private const int MapPrivate = 0x02, MapAnonymous = 0x20;

    /// <summary>The address of an executable copy of <paramref name="code"/>, or null when none can be made.</summary>
    public static void* TryCreate(ReadOnlySpan<byte> code)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            return null;
        }

        try
        {
            nuint length = (nuint)code.Length;
            void* memory = Map(null, length, ProtectRead | ProtectWrite, MapPrivate | MapAnonymous, -1, 0);
            if (memory == (void*)-1)
            {
                return null;
            }

            code.CopyTo(new Span<byte>(memory, code.Length));
            if (Protect(memory, length, ProtectRead | ProtectExecute) != 0)
            {
                _ = Unmap(memory, length);
                return null;
            }

            return memory;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    [LibraryImport("libc", EntryPoint = "mmap")]
    private static partial void* Map(void* address, nuint length, int protection, int flags, int descriptor, nint offset);

    [LibraryImport("libc", EntryPoint = "mprotect")]
    private static partial int Protect(void* address, nuint length, int protection);

    [LibraryImport("libc", EntryPoint = "munmap")]
    private static partial int Unmap(void* address, nuint length);
}
