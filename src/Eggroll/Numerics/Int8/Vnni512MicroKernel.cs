using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using Eggroll.Numerics.CodeGen;

namespace Eggroll.Numerics.Int8;

/// <summary>
/// The 8 × 32 int8 micro-kernel on 512-bit VNNI (vpdpbusd zmm). .NET exposes VNNI only at 256
/// bits (<see cref="AvxVnni"/>), which caps int8 at twice the fp32 rate; at 512 bits each
/// instruction does 64 byte products, four times an fp32 FMA. The kernel is generated once as
/// machine code (on Linux x64 when the CPU reports AVX512_VNNI) and called through a function
/// pointer. It reads eight packed activation rows (bytes offset by +128, stride kp) and pairs of
/// consecutive weight panels; each accumulator starts at the correction −128·(weight row sum), so
/// the sums Σ(a+128)·w end exact, as in <see cref="Int8Kernel.AvxVnni"/>. For each group of eight
/// rows it runs across all the panel pairs it is given, and before each pair it prefetches for
/// writing (prefetchw) that pair's output lines of the next row group. A row group's pass over the
/// pairs outlasts a miss to L3 or memory, so the stores of an output too large for L2 no longer
/// stall the arithmetic (4096 × 256 × 64 went from about 650 to 1,060 GOPS on two cores).
/// </summary>
internal static unsafe class Vnni512MicroKernel
{
    /// <summary>Activation rows per call.</summary>
    public const int Rows = 8;

    /// <summary>Output columns per panel pair.</summary>
    public const int Columns = 2 * Int8PackedMatrix.PanelWidth;

    // Hardware numbers of the general-purpose registers the generated code addresses memory with.
    private const int Rax = 0, Rcx = 1, Rdx = 2, Rsi = 6, R10 = 10, R11 = 11, R14 = 14;
    private const byte Vmovdqa32 = 0x6F, Vmovdqu32Load = 0x6F, Vmovdqu32Store = 0x7F, Vpbroadcastd = 0x58, Vpdpbusd = 0x50;
    private const int FirstWeights = 16, FirstActivation = 18, FirstCorrection = 26;

    private static readonly delegate* unmanaged[SuppressGCTransition]<byte*, long, Work*, void> Code = Create();

    /// <summary>
    /// Whether the kernel was generated: Linux x64, AVX512_VNNI on the CPU, AVX-512F enabled in the runtime (the CPUID
    /// check alone would ignore <c>DOTNET_EnableAVX512=0</c> and <c>DOTNET_EnableHWIntrinsic=0</c>), executable memory allowed.
    /// </summary>
    public static bool IsSupported => Code != null;

    /// <summary>
    /// For each of <paramref name="rowGroups"/> groups of 8 rows (the first at <paramref name="a"/>, rows
    /// <paramref name="kp"/> bytes apart) and each of <paramref name="panelPairs"/> pairs of panels (the first at
    /// <paramref name="panel"/>, panels <paramref name="panelBytes"/> apart): stores to <paramref name="c"/>
    /// (8 rows of 32 per pair, rows <paramref name="ldc"/> apart, the next pair 32 columns and the next group
    /// 8·ldc further) the products over kp/4 groups of four bytes plus the pair's 32 <paramref name="corrections"/>
    /// (consecutive for consecutive pairs).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">No row group, panel pair or group of four bytes (the generated loops run at least once).</exception>
    public static void Run(byte* a, int kp, int rowGroups, sbyte* panel, int panelBytes, int panelPairs, int* c, int ldc, int* corrections)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroups, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(panelPairs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(kp, 4);
        var work = new Work(c, ldc * (long)sizeof(int), corrections, panel, panelBytes, rowGroups, kp >> 2, panelPairs);
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
    private struct Work(int* c, long strideBytes, int* corrections, sbyte* panel, long panelBytes, long rowGroups, long groups, long panelPairs)
    {
        private int* c = c; // +0, advanced by 8 rows per row group
        private readonly long strideBytes = strideBytes; // +8
        private readonly int* corrections = corrections; // +16
        private readonly sbyte* panel = panel; // +24
        private readonly long panelBytes = panelBytes; // +32
        private long rowGroups = rowGroups; // +40, counted down
        private readonly long groups = groups; // +48
        private readonly long panelPairs = panelPairs; // +56
    }

    /// <summary>
    /// The machine code; accumulator 2r + h holds row r, panel h. Arguments: rdi = a, rsi = kp, rdx = Work*.
    /// Per row group: rbx = output, r12 = panel pair, r13 = pairs left, r14 = corrections (callee-saved, so pushed).
    /// </summary>
    private static byte[] Emit()
    {
        var e = new EvexEmitter();
        e.Raw(0x53, 0x41, 0x54, 0x41, 0x55, 0x41, 0x56); // push rbx, r12, r13, r14
        e.Raw(0x49, 0x89, 0xD1);       // mov r9, rdx: Work*
        e.Raw(0x4C, 0x8D, 0x14, 0x76); // lea r10, [rsi + rsi*2]: three rows
        e.Raw(0x49, 0x8B, 0x49, 0x20); // mov rcx, [r9 + 32]: panel bytes
        int rowGroup = e.Length;
        e.Raw(0x49, 0x8B, 0x19);       // mov rbx, [r9]: c
        e.Raw(0x4D, 0x8B, 0x71, 0x10); // mov r14, [r9 + 16]: corrections
        e.Raw(0x4D, 0x8B, 0x61, 0x18); // mov r12, [r9 + 24]: first panel
        e.Raw(0x4D, 0x8B, 0x69, 0x38); // mov r13, [r9 + 56]: panel pairs
        int pair = e.Length;
        e.Memory(Vmovdqu32Load, EvexEmitter.Map0F, EvexEmitter.PrefixF3, FirstCorrection, -1, R14, -1, 1, 0);
        e.Memory(Vmovdqu32Load, EvexEmitter.Map0F, EvexEmitter.PrefixF3, FirstCorrection + 1, -1, R14, -1, 1, 64);
        for (int acc = 0; acc < 2 * Rows; acc++)
        {
            e.Registers(Vmovdqa32, EvexEmitter.Map0F, EvexEmitter.Prefix66, acc, 0, FirstCorrection + (acc & 1));
        }

        e.Raw(0x49, 0x83, 0x79, 0x28, 0x01); // cmp qword [r9 + 40], 1: the last row group has no next one here
        e.Raw(0x74, 4 + 4 + (Rows * 10));   // je past the prefetches
        e.Raw(0x4D, 0x8B, 0x41, 0x08); // mov r8, [r9 + 8]: row stride in bytes
        e.Raw(0x4A, 0x8D, 0x04, 0xC3); // lea rax, [rbx + r8*8]: the next row group's output
        for (int row = 0; row < Rows; row++)
        {
            e.Raw(0x0F, 0x0D, 0x08);       // prefetchw [rax]
            e.Raw(0x0F, 0x0D, 0x48, 0x40); // prefetchw [rax + 64]
            e.Raw(0x4C, 0x01, 0xC0);       // add rax, r8
        }

        e.Raw(0x4C, 0x89, 0xE2);       // mov rdx, r12: panel
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

        e.Raw(0x48, 0x89, 0xDA);       // mov rdx, rbx: this pair's output
        e.Raw(0x4D, 0x8B, 0x41, 0x08); // mov r8, [r9 + 8]: row stride in bytes
        for (int row = 0; row < Rows; row++)
        {
            for (int half = 0; half < 2; half++)
            {
                e.Memory(Vmovdqu32Store, EvexEmitter.Map0F, EvexEmitter.PrefixF3, (2 * row) + half, -1, Rdx, -1, 1, half * 64);
            }

            e.Raw(0x4C, 0x01, 0xC2); // add rdx, r8
        }

        e.Raw(0x48, 0x81, 0xC3, 0x80, 0x00, 0x00, 0x00); // add rbx, 128: next 32 columns
        e.Raw(0x49, 0x81, 0xC6, 0x80, 0x00, 0x00, 0x00); // add r14, 128
        e.Raw(0x4D, 0x8D, 0x24, 0x4C); // lea r12, [r12 + rcx*2]: next panel pair
        e.Raw(0x49, 0xFF, 0xCD);       // dec r13
        e.JumpIfNotZero(pair);

        e.Raw(0x49, 0x8B, 0x41, 0x08); // mov rax, [r9 + 8]: row stride
        e.Raw(0x48, 0xC1, 0xE0, 0x03); // shl rax, 3
        e.Raw(0x49, 0x01, 0x01);       // add [r9], rax: c of the next row group
        e.Raw(0x48, 0x8D, 0x3C, 0xF7); // lea rdi, [rdi + rsi*8]: next row group
        e.Raw(0x49, 0xFF, 0x49, 0x28); // dec qword [r9 + 40]
        e.JumpIfNotZero(rowGroup);
        e.Raw(0x41, 0x5E, 0x41, 0x5D, 0x41, 0x5C, 0x5B); // pop r14, r13, r12, rbx
        e.Raw(0xC5, 0xF8, 0x77); // vzeroupper
        e.Raw(0xC3);             // ret
        return e.ToArray();
    }
}
