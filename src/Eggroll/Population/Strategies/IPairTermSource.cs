using System.Runtime.Intrinsics;

namespace Eggroll.Population.Strategies;

/// <summary>
/// Where one antithetic pair's bias noise and factors come from for <see cref="RowTerms{TSource}"/>: floats
/// (<see cref="FloatTermSource"/>), Rademacher bits (<see cref="SignTermSource{TWords}"/>, whose elements are ±1 exactly) or factors
/// stored in 16 bits (<see cref="Fixed16TermSource"/>).
/// The vector forms read elements [j, j + 16), the scalar forms element j.
/// </summary>
internal interface IPairTermSource
{
    /// <summary>Whether the pair has bias noise.</summary>
    bool HasNoise { get; }

    /// <summary>Whether the pair has factors.</summary>
    bool HasFactors { get; }

    /// <summary>Whether the factors are ±1 with sign codes from <see cref="Codes"/>, so that a group's sum can be looked up.</summary>
    bool HasSignCodes { get; }

    /// <summary>v0 = fma(scale0, ε[j..j + 16), v0), v1 = fma(scale1, ε[j..j + 16), v1): one rounding each.</summary>
    void AddNoise(int j, Vector512<float> scale0, Vector512<float> scale1, ref Vector512<float> v0, ref Vector512<float> v1);

    /// <summary>ε[j].</summary>
    float NoiseElement(int j);

    /// <summary>a_k[j..j + 16).</summary>
    Vector512<float> Factor(int k, int j);

    /// <summary>v0 = fma(u0, a_k[j..j + 16), v0), v1 = fma(u1, a_k[j..j + 16), v1): one rounding each.</summary>
    void AddFactor(int k, int j, Vector512<float> u0, Vector512<float> u1, ref Vector512<float> v0, ref Vector512<float> v1);

    /// <summary>a_k[j].</summary>
    float FactorElement(int k, int j);

    /// <summary>
    /// The sign codes (<see cref="SignCodes"/>) of elements [j, j + 16) of factor group <paramref name="group"/> of
    /// <paramref name="size"/> factors, one per lane (AVX-512 only).
    /// </summary>
    Vector512<int> Codes(int group, int size, int j);
}
