using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Eggroll.Numerics.Int8;

/// <summary>
/// The 4 × 16 micro-kernels of <see cref="Int8Gemm"/>: four packed activation rows (stride kp)
/// against one packed panel of 16 weight rows, over kp/4 groups of four products.
/// </summary>
internal static unsafe class Int8MicroKernels
{
    private const int GroupBytes = Int8PackedMatrix.PanelWidth * 4;

    /// <summary>
    /// AVX-VNNI: activations are broadcast straight from memory (a load, not a shuffle-port uop) and
    /// arrive offset by +128 (as unsigned bytes), so each 4-byte dot product
    /// is Σ(a+128)·w = Σa·w + 128·Σw; adding the <paramref name="corrections"/> (−128·Σw) restores the exact result.
    /// </summary>
    public static void Vnni(byte* a, int kp, sbyte* panel, int* corrections, Int8Tile tile)
    {
        Vector256<int> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector256<int> c20 = default, c21 = default, c30 = default, c31 = default;
        byte* a1 = a + kp, a2 = a1 + kp, a3 = a2 + kp;
        int groups = kp >> 2;
        for (int g = 0; g < groups; g++)
        {
            var b0 = Vector256.Load(panel + (g * GroupBytes));
            var b1 = Vector256.Load(panel + (g * GroupBytes) + 32);
            int o = g * 4;
            var x0 = System.Runtime.Intrinsics.X86.Avx2.BroadcastScalarToVector256((int*)(a + o)).AsByte();
            var x1 = System.Runtime.Intrinsics.X86.Avx2.BroadcastScalarToVector256((int*)(a1 + o)).AsByte();
            var x2 = System.Runtime.Intrinsics.X86.Avx2.BroadcastScalarToVector256((int*)(a2 + o)).AsByte();
            var x3 = System.Runtime.Intrinsics.X86.Avx2.BroadcastScalarToVector256((int*)(a3 + o)).AsByte();
            c00 = AvxVnni.MultiplyWideningAndAdd(c00, x0, b0);
            c01 = AvxVnni.MultiplyWideningAndAdd(c01, x0, b1);
            c10 = AvxVnni.MultiplyWideningAndAdd(c10, x1, b0);
            c11 = AvxVnni.MultiplyWideningAndAdd(c11, x1, b1);
            c20 = AvxVnni.MultiplyWideningAndAdd(c20, x2, b0);
            c21 = AvxVnni.MultiplyWideningAndAdd(c21, x2, b1);
            c30 = AvxVnni.MultiplyWideningAndAdd(c30, x3, b0);
            c31 = AvxVnni.MultiplyWideningAndAdd(c31, x3, b1);
        }

        var s0 = Vector256.Load(corrections);
        var s1 = Vector256.Load(corrections + 8);
        // Everything goes to memory before any call, so no accumulator is live across a call (the JIT
        // would otherwise spill the accumulators inside the loop).
        int* block = stackalloc int[64];
        (c00 + s0).Store(block);
        (c01 + s1).Store(block + 8);
        (c10 + s0).Store(block + 16);
        (c11 + s1).Store(block + 24);
        (c20 + s0).Store(block + 32);
        (c21 + s1).Store(block + 40);
        (c30 + s0).Store(block + 48);
        (c31 + s1).Store(block + 56);
        tile.Store(new ReadOnlySpan<int>(block, 64));
    }

    /// <summary>
    /// AVX2: each 16-byte quarter of a group (four weight rows × four columns) is sign-extended to
    /// 16 bits and multiplied by the four activations with pairwise 32-bit sums (vpmaddwd, exact);
    /// the two partial sums of each weight row are added at the end.
    /// </summary>
    public static void Avx2(byte* a, int kp, sbyte* panel, Int8Tile tile)
    {
        var acc = stackalloc Vector256<int>[16];
        for (int i = 0; i < 16; i++)
        {
            acc[i] = default;
        }

        int groups = kp >> 2;
        for (int g = 0; g < groups; g++)
        {
            sbyte* group = panel + (g * GroupBytes);
            var w0 = Avx2Widen(group);
            var w1 = Avx2Widen(group + 16);
            var w2 = Avx2Widen(group + 32);
            var w3 = Avx2Widen(group + 48);
            for (int r = 0; r < 4; r++)
            {
                var x = Broadcast16(a + ((long)r * kp) + (g * 4));
                acc[(r * 4) + 0] += System.Runtime.Intrinsics.X86.Avx2.MultiplyAddAdjacent(x, w0);
                acc[(r * 4) + 1] += System.Runtime.Intrinsics.X86.Avx2.MultiplyAddAdjacent(x, w1);
                acc[(r * 4) + 2] += System.Runtime.Intrinsics.X86.Avx2.MultiplyAddAdjacent(x, w2);
                acc[(r * 4) + 3] += System.Runtime.Intrinsics.X86.Avx2.MultiplyAddAdjacent(x, w3);
            }
        }

        int* partial = (int*)acc;
        int* block = stackalloc int[64];
        for (int i = 0; i < 64; i++)
        {
            block[i] = partial[2 * i] + partial[(2 * i) + 1];
        }

        tile.Store(new ReadOnlySpan<int>(block, 64));
    }

    /// <summary>Portable reference on the packed layout.</summary>
    public static void Scalar(byte* a, int kp, sbyte* panel, Int8Tile tile)
    {
        Span<int> block = stackalloc int[64];
        for (int r = 0; r < 4; r++)
        {
            var row = (sbyte*)(a + ((long)r * kp));
            for (int lane = 0; lane < Int8PackedMatrix.PanelWidth; lane++)
            {
                int sum = 0;
                for (int k = 0; k < kp; k++)
                {
                    sum += row[k] * panel[((k >> 2) * GroupBytes) + (lane * 4) + (k & 3)];
                }

                block[(r * Int8PackedMatrix.PanelWidth) + lane] = sum;
            }
        }

        tile.Store(block);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<short> Avx2Widen(sbyte* bytes) =>
        System.Runtime.Intrinsics.X86.Avx2.ConvertToVector256Int16(Vector128.Load(bytes));

    /// <summary>Four signed bytes widened to 16 bits and repeated across the vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<short> Broadcast16(byte* bytes)
    {
        var widened = Sse41.ConvertToVector128Int16(Vector128.CreateScalar(*(int*)bytes).AsSByte());
        return Vector256.Create(widened.AsInt64().ToScalar()).AsInt16();
    }
}
