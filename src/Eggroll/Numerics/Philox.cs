using System.Runtime.CompilerServices;

namespace Eggroll.Numerics;

/// <summary>
/// Philox4x32-10 counter-based generator (Salmon et al., SC'11): a keyed bijection from a
/// 128-bit counter to 128 random bits. Stateless, so any block can be computed independently.
/// </summary>
public static class Philox
{
    private const uint M0 = 0xD2511F53, M1 = 0xCD9E8D57, W0 = 0x9E3779B9, W1 = 0xBB67AE85;

    /// <summary>Returns the four 32-bit outputs of the block at counter (c0, c1, c2, c3) under key (k0, k1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (uint X0, uint X1, uint X2, uint X3) Block(uint k0, uint k1, uint c0, uint c1, uint c2, uint c3)
    {
        for (int round = 0; round < 10; round++)
        {
            ulong p0 = (ulong)M0 * c0;
            ulong p1 = (ulong)M1 * c2;
            uint n0 = (uint)(p1 >> 32) ^ c1 ^ k0;
            uint n2 = (uint)(p0 >> 32) ^ c3 ^ k1;
            c0 = n0;
            c1 = (uint)p1;
            c2 = n2;
            c3 = (uint)p0;
            k0 += W0;
            k1 += W1;
        }

        return (c0, c1, c2, c3);
    }
}
