using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Eggroll.Integer;

/// <summary>
/// The 8 × 32 int8 micro-kernel on 512-bit VNNI (vpdpbusd zmm). .NET exposes VNNI only at 256
/// bits (<see cref="AvxVnni"/>), which caps int8 at twice the fp32 rate; at 512 bits each
/// instruction does 64 byte products, four times an fp32 FMA. The kernel is generated once as
/// machine code (on Linux x64 when the CPU reports AVX512_VNNI) and called through a function
/// pointer. It reads eight packed activation rows (bytes offset by +128, stride kp) and two
/// consecutive weight panels, subtracts 128·(weight row sums) from the sums Σ(a+128)·w to undo the
/// offset, exactly as <see cref="Int8Kernel.AvxVnni"/> does, and stores the 8 × 32 results.
/// </summary>
internal static unsafe class Vnni512MicroKernel
{
    /// <summary>Activation rows per call.</summary>
    public const int Rows = 8;

    /// <summary>Output columns per call (two panels).</summary>
    public const int Columns = 2 * Int8PackedMatrix.PanelWidth;

    // Hardware numbers of the general-purpose registers the generated code addresses memory with.
    private const int Rax = 0, Rcx = 1, Rdx = 2, Rsi = 6, R10 = 10, R11 = 11;
    private const byte Vpxord = 0xEF, Vpsubd = 0xFA, Vmovdqu32Load = 0x6F, Vmovdqu32Store = 0x7F, Vpbroadcastd = 0x58, Vpdpbusd = 0x50;
    private const int FirstWeights = 16, FirstActivation = 18;

    private static readonly delegate* unmanaged[SuppressGCTransition]<byte*, long, Work*, void> Code = Create();

    /// <summary>Whether the kernel was generated (Linux x64, AVX-512F and AVX512_VNNI, executable memory allowed).</summary>
    public static bool IsSupported => Code != null;

    /// <summary>
    /// For each of <paramref name="rowGroups"/> groups of 8 rows (the first at <paramref name="a"/>, rows
    /// <paramref name="kp"/> bytes apart): stores to <paramref name="c"/> (8 rows of 32, <paramref name="ldc"/>
    /// apart, the next group 8·ldc further) the products over kp/4 groups of four bytes against the panels at
    /// <paramref name="panel"/> and <paramref name="panel"/> + <paramref name="panelBytes"/>, less the 32
    /// <paramref name="offsets"/> (128·row sums).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">No row group or no group of four bytes (the generated loops run at least once).</exception>
    public static void Run(byte* a, int kp, int rowGroups, sbyte* panel, int panelBytes, int* c, int ldc, int* offsets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroups, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(kp, 4);
        var work = new Work(c, ldc * (long)sizeof(int), offsets, panel, panelBytes, rowGroups, kp >> 2);
        Code(a, kp, &work);
    }

    private static delegate* unmanaged[SuppressGCTransition]<byte*, long, Work*, void> Create()
    {
        bool vnni512 = Avx512F.IsSupported && (X86Base.CpuId(7, 0).Ecx & (1 << 11)) != 0;
        return vnni512 && Environment.GetEnvironmentVariable("EGGROLL_NO_GENERATED_CODE") is null
            ? (delegate* unmanaged[SuppressGCTransition]<byte*, long, Work*, void>)ExecutableCode.TryCreate(Emit())
            : null;
    }

    /// <summary>The kernel's third argument; the generated code reads and updates these fields at fixed offsets.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Work(int* c, long strideBytes, int* offsets, sbyte* panel, long panelBytes, long rowGroups, long groups)
    {
        private int* c = c; // +0, advanced by 8 rows per row group
        private readonly long strideBytes = strideBytes; // +8
        private readonly int* offsets = offsets; // +16
        private readonly sbyte* panel = panel; // +24
        private readonly long panelBytes = panelBytes; // +32
        private long rowGroups = rowGroups; // +40, counted down
        private readonly long groups = groups; // +48
    }

    /// <summary>The machine code; accumulator 2r + h holds row r, panel h. Arguments: rdi = a, rsi = kp, rdx = Work*.</summary>
    private static byte[] Emit()
    {
        var e = new EvexEmitter();
        e.Raw(0x49, 0x89, 0xD1);       // mov r9, rdx: Work*
        e.Raw(0x4C, 0x8D, 0x14, 0x76); // lea r10, [rsi + rsi*2]: three rows
        int rowGroup = e.Length;
        for (int acc = 0; acc < 2 * Rows; acc++)
        {
            e.Registers(Vpxord, EvexEmitter.Map0F, EvexEmitter.Prefix66, acc, acc, acc);
        }

        e.Raw(0x49, 0x8B, 0x51, 0x18); // mov rdx, [r9 + 24]: panel
        e.Raw(0x49, 0x8B, 0x49, 0x20); // mov rcx, [r9 + 32]: panel bytes
        e.Raw(0x4D, 0x8B, 0x41, 0x30); // mov r8, [r9 + 48]: groups of four bytes
        e.Raw(0x48, 0x89, 0xF8);       // mov rax, rdi: row 0
        e.Raw(0x4C, 0x8D, 0x1C, 0xB0); // lea r11, [rax + rsi*4]: row 4
        int group = e.Length;
        e.Memory(Vmovdqu32Load, EvexEmitter.Map0F, EvexEmitter.PrefixF3, FirstWeights, -1, Rdx, -1, 1, 0);
        e.Memory(Vmovdqu32Load, EvexEmitter.Map0F, EvexEmitter.PrefixF3, FirstWeights + 1, -1, Rdx, Rcx, 1, 0);

        // Row r is at rax + r·kp for r < 4 and r11 + (r − 4)·kp after, with 3·kp in r10.
        (int Base, int Index, int Scale)[] rowAddress =
            [(Rax, -1, 1), (Rax, Rsi, 1), (Rax, Rsi, 2), (Rax, R10, 1), (R11, -1, 1), (R11, Rsi, 1), (R11, Rsi, 2), (R11, R10, 1)];
        for (int row = 0; row < Rows; row++)
        {
            var (baseRegister, index, scale) = rowAddress[row];
            int activation = FirstActivation + row;
            e.Memory(Vpbroadcastd, EvexEmitter.Map0F38, EvexEmitter.Prefix66, activation, -1, baseRegister, index, scale, 0);
            e.Registers(Vpdpbusd, EvexEmitter.Map0F38, EvexEmitter.Prefix66, 2 * row, activation, FirstWeights);
            e.Registers(Vpdpbusd, EvexEmitter.Map0F38, EvexEmitter.Prefix66, (2 * row) + 1, activation, FirstWeights + 1);
        }

        e.Raw(0x48, 0x83, 0xC0, 0x04); // add rax, 4
        e.Raw(0x49, 0x83, 0xC3, 0x04); // add r11, 4
        e.Raw(0x48, 0x83, 0xC2, 0x40); // add rdx, 64
        e.Raw(0x49, 0xFF, 0xC8);       // dec r8
        e.JumpIfNotZero(group);

        e.Raw(0x49, 0x8B, 0x11);       // mov rdx, [r9]: c
        e.Raw(0x4D, 0x8B, 0x41, 0x08); // mov r8, [r9 + 8]: row stride in bytes
        e.Raw(0x49, 0x8B, 0x49, 0x10); // mov rcx, [r9 + 16]: offsets
        e.Memory(Vmovdqu32Load, EvexEmitter.Map0F, EvexEmitter.PrefixF3, FirstWeights, -1, Rcx, -1, 1, 0);
        e.Memory(Vmovdqu32Load, EvexEmitter.Map0F, EvexEmitter.PrefixF3, FirstWeights + 1, -1, Rcx, -1, 1, 64);
        for (int row = 0; row < Rows; row++)
        {
            for (int half = 0; half < 2; half++)
            {
                int acc = (2 * row) + half;
                e.Registers(Vpsubd, EvexEmitter.Map0F, EvexEmitter.Prefix66, acc, acc, FirstWeights + half);
                e.Memory(Vmovdqu32Store, EvexEmitter.Map0F, EvexEmitter.PrefixF3, acc, -1, Rdx, -1, 1, half * 64);
            }

            e.Raw(0x4C, 0x01, 0xC2); // add rdx, r8
        }

        e.Raw(0x49, 0x89, 0x11);       // mov [r9], rdx
        e.Raw(0x48, 0x8D, 0x3C, 0xF7); // lea rdi, [rdi + rsi*8]: next row group
        e.Raw(0x49, 0xFF, 0x49, 0x28); // dec qword [r9 + 40]
        e.JumpIfNotZero(rowGroup);
        e.Raw(0xC5, 0xF8, 0x77); // vzeroupper
        e.Raw(0xC3);             // ret
        return e.ToArray();
    }
}
