using System.Runtime.Intrinsics;

namespace Eggroll.Population.Strategies;

/// <summary>
/// Where one antithetic pair's bias noise and factors come from for <see cref="RowTerms{TSource}"/>: floats
/// (<see cref="FloatTermSource"/>) or Rademacher bits (<see cref="SignTermSource{TWords}"/>). Each method adds its term to both
/// rows, the vector forms for elements [j, j + 16), the scalar forms for element j, with the same single rounding.
/// </summary>
internal interface IPairTermSource
{
    /// <summary>Whether the pair has bias noise.</summary>
    bool HasNoise { get; }

    /// <summary>Whether the pair has factors.</summary>
    bool HasFactors { get; }

    /// <summary>v0 += scale0·ε[j..j + 16), v1 += scale1·ε[j..j + 16).</summary>
    void AddNoise(int j, Vector512<float> scale0, Vector512<float> scale1, ref Vector512<float> v0, ref Vector512<float> v1);

    /// <summary>
    /// v0 += u0_k·a_k[j..j + 16), v1 += u1_k·a_k[j..j + 16) for k = 0 … <paramref name="factors"/> − 1 in turn, with u0_k and u1_k
    /// broadcast at <paramref name="projections"/>[2k] and [2k + 1].
    /// </summary>
    unsafe void AddFactors(int j, Vector512<float>* projections, int factors, ref Vector512<float> v0, ref Vector512<float> v1);

    /// <summary>v0 += scale0·ε[j], v1 += scale1·ε[j].</summary>
    void AddNoise(int j, float scale0, float scale1, ref float v0, ref float v1);

    /// <summary>v0 += u0·a_k[j], v1 += u1·a_k[j].</summary>
    void AddFactor(int k, int j, float u0, float u1, ref float v0, ref float v1);
}
