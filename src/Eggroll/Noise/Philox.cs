using System.Runtime.CompilerServices;

namespace Eggroll.Noise;

/// <summary>
/// Philox4x32-10 counter-based generator (Salmon et al., SC'11): a keyed bijection from a
/// 128-bit counter to 128 random bits. Stateless, so any block can be computed independently.
/// This scalar version is the reference that the vectorised <see cref="PhiloxVector"/> matches.
/// </summary>
public static class Philox
{
    /// <summary>Multiplier of counter word 0.</summary>
    internal const uint M0 = 0xD2511F53;

    /// <summary>Multiplier of counter word 2.</summary>
    internal const uint M1 = 0xCD9E8D57;

    /// <summary>Weyl increment of key word 0 per round.</summary>
    internal const uint W0 = 0x9E3779B9;

    /// <summary>Weyl increment of key word 1 per round.</summary>
    internal const uint W1 = 0xBB67AE85;

    /// <summary>Number of rounds.</summary>
    internal const int Rounds = 10;

    /// <summary>Returns the four 32-bit outputs of the block at counter (c0, c1, c2, c3) under key (k0, k1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (uint X0, uint X1, uint X2, uint X3) Block(uint k0, uint k1, uint c0, uint c1, uint c2, uint c3)
    {
        for (int round = 0; round < Rounds; round++)
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
