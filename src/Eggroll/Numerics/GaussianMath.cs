using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Eggroll.Numerics;

/// <summary>
/// Box-Muller transform of two Philox words into two standard normals, with its own logarithm
/// and sine/cosine. A word x gives the uniform u = n·2^-25 with n = 2·(x &gt;&gt; 8) + 1, so u is in
/// (0, 1) and never 0. The scalar, 256-bit and 512-bit versions perform the same IEEE
/// operations in the same order, every multiply-add fused, so they agree bit for bit.
/// </summary>
internal static class GaussianMath
{
    // ln(1 + f) = f + f²·Q(f) for f in [√½ − 1, √2 − 1]; Q is a degree-8 Chebyshev fit whose
    // float coefficients keep the error of ln(1 + f) below about 3e-8 relative.
    private const float Q0 = -4.999999702e-01f, Q1 = 3.333333135e-01f, Q2 = -2.500078082e-01f;
    private const float Q3 = 2.000123411e-01f, Q4 = -1.662664562e-01f, Q5 = 1.420485526e-01f;
    private const float Q6 = -1.312755495e-01f, Q7 = 1.272267252e-01f, Q8 = -7.673641294e-02f;

    // 2·ln 2 split so that s·TwoLn2High is exact for the exponents s in [0, 25].
    private const float TwoLn2High = 1.38671875f, TwoLn2Low = -4.243888801e-04f;

    // sin(2πr) = r·S(r²) and cos(2πr) = 1 + r²·C(r²) for |r| ≤ 1/8 turn; degree-3 Chebyshev
    // fits in r², error about 4e-8 relative for the sine and 1e-8 absolute for the cosine.
    private const float S0 = 6.283185482e+00f, S1 = -4.134166336e+01f, S2 = 8.159254456e+01f, S3 = -7.540161133e+01f;
    private const float C0 = -1.973920822e+01f, C1 = 6.493936920e+01f, C2 = -8.544882202e+01f, C3 = 5.942410660e+01f;

    private const int SqrtHalfBits = 0x3F3504F3;
    private const int TwoPow25 = 1 << 25;
    private const float TwoPowMinus25 = 1f / TwoPow25;

    /// <summary>Returns z0 = r·cos θ and z1 = r·sin θ with r = √(−2 ln u(a)) and θ = 2π·u(b).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void BoxMuller(uint a, uint b, out float z0, out float z1)
    {
        float radius = Radius(a);
        SinCos(b, out float sin, out float cos);
        z0 = radius * cos;
        z1 = radius * sin;
    }

    /// <inheritdoc cref="BoxMuller(uint, uint, out float, out float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void BoxMuller(Vector512<uint> a, Vector512<uint> b, out Vector512<float> z0, out Vector512<float> z1)
    {
        Vector512<float> radius = Radius(a);
        SinCos(b, out Vector512<float> sin, out Vector512<float> cos);
        z0 = radius * cos;
        z1 = radius * sin;
    }

    /// <inheritdoc cref="BoxMuller(uint, uint, out float, out float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void BoxMuller(Vector256<uint> a, Vector256<uint> b, out Vector256<float> z0, out Vector256<float> z1)
    {
        Vector256<float> radius = Radius(a);
        SinCos(b, out Vector256<float> sin, out Vector256<float> cos);
        z0 = radius * cos;
        z1 = radius * sin;
    }

    /// <summary>
    /// Returns √(−2 ln u) for u = n·2^-25. With n = m·2^(25−s), m in [√½, √2) read from the
    /// exponent of (float)n, the integer n·2^s − 2^25 = (m − 1)·2^25 is exact, so
    /// −2 ln u = 2s·ln 2 − 2 ln(1 + f) with f = m − 1 loses nothing to the 25-bit n.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Radius(uint word)
    {
        int n = (int)(word >> 7) | 1;
        int s = 25 - ((BitConverter.SingleToInt32Bits((float)n) - SqrtHalfBits) >> 23);
        float f = ((n << s) - TwoPow25) * TwoPowMinus25;
        float q = MathF.FusedMultiplyAdd(Q8, f, Q7);
        q = MathF.FusedMultiplyAdd(q, f, Q6);
        q = MathF.FusedMultiplyAdd(q, f, Q5);
        q = MathF.FusedMultiplyAdd(q, f, Q4);
        q = MathF.FusedMultiplyAdd(q, f, Q3);
        q = MathF.FusedMultiplyAdd(q, f, Q2);
        q = MathF.FusedMultiplyAdd(q, f, Q1);
        q = MathF.FusedMultiplyAdd(q, f, Q0);
        float log1p = MathF.FusedMultiplyAdd(f * f, q, f);
        float sf = s;
        return MathF.Sqrt(MathF.FusedMultiplyAdd(sf, TwoLn2High, MathF.FusedMultiplyAdd(sf, TwoLn2Low, log1p * -2f)));
    }

    /// <inheritdoc cref="Radius(uint)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Radius(Vector512<uint> word)
    {
        Vector512<int> n = (word >>> 7).AsInt32() | Vector512<int>.One;
        Vector512<int> s = Vector512.Create(25) - ((Vector512.ConvertToSingle(n).AsInt32() - Vector512.Create(SqrtHalfBits)) >> 23);
        Vector512<float> f = Vector512.ConvertToSingle(Avx512F.ShiftLeftLogicalVariable(n, s.AsUInt32()) - Vector512.Create(TwoPow25)) * Vector512.Create(TwoPowMinus25);
        Vector512<float> q = Vector512.FusedMultiplyAdd(Vector512.Create(Q8), f, Vector512.Create(Q7));
        q = Vector512.FusedMultiplyAdd(q, f, Vector512.Create(Q6));
        q = Vector512.FusedMultiplyAdd(q, f, Vector512.Create(Q5));
        q = Vector512.FusedMultiplyAdd(q, f, Vector512.Create(Q4));
        q = Vector512.FusedMultiplyAdd(q, f, Vector512.Create(Q3));
        q = Vector512.FusedMultiplyAdd(q, f, Vector512.Create(Q2));
        q = Vector512.FusedMultiplyAdd(q, f, Vector512.Create(Q1));
        q = Vector512.FusedMultiplyAdd(q, f, Vector512.Create(Q0));
        Vector512<float> log1p = Vector512.FusedMultiplyAdd(f * f, q, f);
        Vector512<float> sf = Vector512.ConvertToSingle(s);
        Vector512<float> w = Vector512.FusedMultiplyAdd(sf, Vector512.Create(TwoLn2High), Vector512.FusedMultiplyAdd(sf, Vector512.Create(TwoLn2Low), log1p * -2f));
        return Vector512.Sqrt(w);
    }

    /// <inheritdoc cref="Radius(uint)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Radius(Vector256<uint> word)
    {
        Vector256<int> n = (word >>> 7).AsInt32() | Vector256<int>.One;
        Vector256<int> s = Vector256.Create(25) - ((Vector256.ConvertToSingle(n).AsInt32() - Vector256.Create(SqrtHalfBits)) >> 23);
        Vector256<float> f = Vector256.ConvertToSingle(Avx2.ShiftLeftLogicalVariable(n, s.AsUInt32()) - Vector256.Create(TwoPow25)) * Vector256.Create(TwoPowMinus25);
        Vector256<float> q = Vector256.FusedMultiplyAdd(Vector256.Create(Q8), f, Vector256.Create(Q7));
        q = Vector256.FusedMultiplyAdd(q, f, Vector256.Create(Q6));
        q = Vector256.FusedMultiplyAdd(q, f, Vector256.Create(Q5));
        q = Vector256.FusedMultiplyAdd(q, f, Vector256.Create(Q4));
        q = Vector256.FusedMultiplyAdd(q, f, Vector256.Create(Q3));
        q = Vector256.FusedMultiplyAdd(q, f, Vector256.Create(Q2));
        q = Vector256.FusedMultiplyAdd(q, f, Vector256.Create(Q1));
        q = Vector256.FusedMultiplyAdd(q, f, Vector256.Create(Q0));
        Vector256<float> log1p = Vector256.FusedMultiplyAdd(f * f, q, f);
        Vector256<float> sf = Vector256.ConvertToSingle(s);
        Vector256<float> w = Vector256.FusedMultiplyAdd(sf, Vector256.Create(TwoLn2High), Vector256.FusedMultiplyAdd(sf, Vector256.Create(TwoLn2Low), log1p * -2f));
        return Vector256.Sqrt(w);
    }

    /// <summary>
    /// Returns sin and cos of 2π·u for u = n·2^-25. The nearest quarter turn k and the rest
    /// r = u − k/4 (|r| ≤ 1/8) come exactly from the integer n; the polynomials give sin and
    /// cos of 2πr, which the quadrant k swaps and negates.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SinCos(uint word, out float sin, out float cos)
    {
        int n = (int)(word >> 7) | 1;
        int k = (n + (1 << 22)) >> 23;
        float r = (n - (k << 23)) * TwoPowMinus25;
        float r2 = r * r;
        float sinR = r * MathF.FusedMultiplyAdd(MathF.FusedMultiplyAdd(MathF.FusedMultiplyAdd(S3, r2, S2), r2, S1), r2, S0);
        float cosR = MathF.FusedMultiplyAdd(MathF.FusedMultiplyAdd(MathF.FusedMultiplyAdd(MathF.FusedMultiplyAdd(C3, r2, C2), r2, C1), r2, C0), r2, 1f);
        bool odd = (k & 1) != 0;
        sin = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(odd ? cosR : sinR) ^ ((k & 2) << 30));
        cos = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(odd ? sinR : cosR) ^ (((k + 1) & 2) << 30));
    }

    /// <inheritdoc cref="SinCos(uint, out float, out float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SinCos(Vector512<uint> word, out Vector512<float> sin, out Vector512<float> cos)
    {
        Vector512<int> n = (word >>> 7).AsInt32() | Vector512<int>.One;
        Vector512<int> k = (n + Vector512.Create(1 << 22)) >> 23;
        Vector512<float> r = Vector512.ConvertToSingle(n - (k << 23)) * Vector512.Create(TwoPowMinus25);
        Vector512<float> r2 = r * r;
        Vector512<float> sinR = r * Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(Vector512.Create(S3), r2, Vector512.Create(S2)), r2, Vector512.Create(S1)), r2, Vector512.Create(S0));
        Vector512<float> cosR = Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(Vector512.Create(C3), r2, Vector512.Create(C2)), r2, Vector512.Create(C1)), r2, Vector512.Create(C0)), r2, Vector512<float>.One);
        Vector512<float> odd = (-(k & Vector512<int>.One)).AsSingle();
        Vector512<int> two = Vector512.Create(2);
        sin = (Vector512.ConditionalSelect(odd, cosR, sinR).AsInt32() ^ ((k & two) << 30)).AsSingle();
        cos = (Vector512.ConditionalSelect(odd, sinR, cosR).AsInt32() ^ (((k + Vector512<int>.One) & two) << 30)).AsSingle();
    }

    /// <inheritdoc cref="SinCos(uint, out float, out float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SinCos(Vector256<uint> word, out Vector256<float> sin, out Vector256<float> cos)
    {
        Vector256<int> n = (word >>> 7).AsInt32() | Vector256<int>.One;
        Vector256<int> k = (n + Vector256.Create(1 << 22)) >> 23;
        Vector256<float> r = Vector256.ConvertToSingle(n - (k << 23)) * Vector256.Create(TwoPowMinus25);
        Vector256<float> r2 = r * r;
        Vector256<float> sinR = r * Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(Vector256.Create(S3), r2, Vector256.Create(S2)), r2, Vector256.Create(S1)), r2, Vector256.Create(S0));
        Vector256<float> cosR = Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(Vector256.Create(C3), r2, Vector256.Create(C2)), r2, Vector256.Create(C1)), r2, Vector256.Create(C0)), r2, Vector256<float>.One);
        Vector256<float> odd = (-(k & Vector256<int>.One)).AsSingle();
        Vector256<int> two = Vector256.Create(2);
        sin = (Vector256.ConditionalSelect(odd, cosR, sinR).AsInt32() ^ ((k & two) << 30)).AsSingle();
        cos = (Vector256.ConditionalSelect(odd, sinR, cosR).AsInt32() ^ (((k + Vector256<int>.One) & two) << 30)).AsSingle();
    }
}
