using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Eggroll.Noise;

/// <summary>
/// Philox4x32-10 on 16 (AVX-512) or 8 (AVX2) blocks at once, one block per lane, word j of
/// every block in vector j. Lane for lane equal to <see cref="Philox.Block"/>.
/// </summary>
internal static class PhiloxVector
{
    /// <summary>Computes 16 blocks; lane i has counter (c0[i], c1[i], c2[i], c3[i]) and key (k0, k1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Block(
        uint k0, uint k1, Vector512<uint> c0, Vector512<uint> c1, Vector512<uint> c2, Vector512<uint> c3,
        out Vector512<uint> x0, out Vector512<uint> x1, out Vector512<uint> x2, out Vector512<uint> x3)
    {
        for (int round = 0; round < Philox.Rounds; round++)
        {
            Round(Vector512.Create(k0), Vector512.Create(k1), ref c0, ref c1, ref c2, ref c3);
            k0 += Philox.W0;
            k1 += Philox.W1;
        }

        (x0, x1, x2, x3) = (c0, c1, c2, c3);
    }

    /// <summary>
    /// Computes two independent sets of 16 blocks under one key, their rounds interleaved so that one set's multiplies
    /// fill the other's wait: (a0 … a3) → (xa0 … xa3) and (b0 … b3) → (xb0 … xb3), each as <see cref="Block(uint, uint, Vector512{uint}, Vector512{uint}, Vector512{uint}, Vector512{uint}, out Vector512{uint}, out Vector512{uint}, out Vector512{uint}, out Vector512{uint})"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Blocks(
        uint k0, uint k1, Vector512<uint> a0, Vector512<uint> a1, Vector512<uint> a2, Vector512<uint> a3, Vector512<uint> b0, Vector512<uint> b1, Vector512<uint> b2, Vector512<uint> b3,
        out Vector512<uint> xa0, out Vector512<uint> xa1, out Vector512<uint> xa2, out Vector512<uint> xa3,
        out Vector512<uint> xb0, out Vector512<uint> xb1, out Vector512<uint> xb2, out Vector512<uint> xb3)
    {
        for (int round = 0; round < Philox.Rounds; round++)
        {
            Vector512<uint> key0 = Vector512.Create(k0), key1 = Vector512.Create(k1);
            Round(key0, key1, ref a0, ref a1, ref a2, ref a3);
            Round(key0, key1, ref b0, ref b1, ref b2, ref b3);
            k0 += Philox.W0;
            k1 += Philox.W1;
        }

        (xa0, xa1, xa2, xa3) = (a0, a1, a2, a3);
        (xb0, xb1, xb2, xb3) = (b0, b1, b2, b3);
    }

    /// <summary>One Philox round on 16 blocks with the round's key words broadcast in <paramref name="key0"/> and <paramref name="key1"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Round(Vector512<uint> key0, Vector512<uint> key1, ref Vector512<uint> c0, ref Vector512<uint> c1, ref Vector512<uint> c2, ref Vector512<uint> c3)
    {
        MultiplyHighLow(c0, Vector512.Create(Philox.M0), out Vector512<uint> hi0, out Vector512<uint> lo0);
        MultiplyHighLow(c2, Vector512.Create(Philox.M1), out Vector512<uint> hi1, out Vector512<uint> lo1);
        (c0, c1, c2, c3) = (hi1 ^ c1 ^ key0, lo1, hi0 ^ c3 ^ key1, lo0);
    }

    /// <summary>Computes 8 blocks; lane i has counter (c0[i], c1[i], c2[i], c3[i]) and key (k0, k1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Block(
        uint k0, uint k1, Vector256<uint> c0, Vector256<uint> c1, Vector256<uint> c2, Vector256<uint> c3,
        out Vector256<uint> x0, out Vector256<uint> x1, out Vector256<uint> x2, out Vector256<uint> x3)
    {
        Vector256<uint> m0 = Vector256.Create(Philox.M0), m1 = Vector256.Create(Philox.M1);
        for (int round = 0; round < Philox.Rounds; round++)
        {
            MultiplyHighLow(c0, m0, out Vector256<uint> hi0, out Vector256<uint> lo0);
            MultiplyHighLow(c2, m1, out Vector256<uint> hi1, out Vector256<uint> lo1);
            c0 = hi1 ^ c1 ^ Vector256.Create(k0);
            c1 = lo1;
            c2 = hi0 ^ c3 ^ Vector256.Create(k1);
            c3 = lo0;
            k0 += Philox.W0;
            k1 += Philox.W1;
        }

        (x0, x1, x2, x3) = (c0, c1, c2, c3);
    }

    /// <summary>Full 32×32→64-bit products of each lane of <paramref name="a"/> with the broadcast multiplier <paramref name="m"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MultiplyHighLow(Vector512<uint> a, Vector512<uint> m, out Vector512<uint> high, out Vector512<uint> low)
    {
        Vector512<ulong> oddLanes = Vector512.Create(0xFFFFFFFF_00000000UL);
        Vector512<ulong> even = Avx512F.Multiply(a, m);
        Vector512<ulong> odd = Avx512F.Multiply((a.AsUInt64() >>> 32).AsUInt32(), m);
        high = Vector512.ConditionalSelect(oddLanes, odd, even >>> 32).AsUInt32();
        low = Vector512.ConditionalSelect(oddLanes, odd << 32, even).AsUInt32();
    }

    /// <summary>Full 32×32→64-bit products of each lane of <paramref name="a"/> with the broadcast multiplier <paramref name="m"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MultiplyHighLow(Vector256<uint> a, Vector256<uint> m, out Vector256<uint> high, out Vector256<uint> low)
    {
        Vector256<ulong> oddLanes = Vector256.Create(0xFFFFFFFF_00000000UL);
        Vector256<ulong> even = Avx2.Multiply(a, m);
        Vector256<ulong> odd = Avx2.Multiply((a.AsUInt64() >>> 32).AsUInt32(), m);
        high = Vector256.ConditionalSelect(oddLanes, odd, even >>> 32).AsUInt32();
        low = Vector256.ConditionalSelect(oddLanes, odd << 32, even).AsUInt32();
    }
}
