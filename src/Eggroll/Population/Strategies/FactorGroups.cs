using System.Runtime.Intrinsics.X86;

namespace Eggroll.Population.Strategies;

/// <summary>
/// How the forward adds a row's rank-r correction Σ_k u_k·a_k[j]: in groups of up to <see cref="Size"/> consecutive factors,
/// each group summed on its own (u·a of its first factor, then one fused multiply-add per further factor) and then added to
/// the output; a group of one factor is a single fused multiply-add into the output. With ±1 factors a group's sum is one of
/// 16 signed sums, looked up by the factors' sign code (<see cref="SignCodes"/>), so rows read as bits and rows read as floats
/// give the same bits (docs/algorithm.md §2.2).
/// </summary>
internal static class FactorGroups
{
    /// <summary>
    /// Factors per group at most: the sign codes of a group index a 16-entry table, one vector of floats. The ES update of ±1
    /// factors (<see cref="SignUpdate"/>) makes one term of each group, so this is at most <see cref="Numerics.SignProductSum.MaxGroup"/>.
    /// </summary>
    public const int Size = 4;

    /// <summary>
    /// The lowest rank whose ±1 factor groups are looked up (with AVX-512): one permute and one add per row and 16 columns
    /// for up to four factors, against a fused multiply-add per factor; at rank 1 the one fused multiply-add is as cheap.
    /// </summary>
    public const int MinLookupRank = 2;

    /// <summary>Whether ±1 factors of rank <paramref name="rank"/> have their groups looked up here (from <see cref="MinLookupRank"/> on, with AVX-512).</summary>
    public static bool LooksUp(int rank) => Avx512F.IsSupported && rank >= MinLookupRank;

    /// <summary>Groups of <paramref name="rank"/> factors.</summary>
    public static int Count(int rank) => (rank + Size - 1) / Size;

    /// <summary>Factors in group <paramref name="group"/> of <paramref name="rank"/>.</summary>
    public static int SizeOf(int group, int rank) => Math.Min(Size, rank - (group * Size));
}
