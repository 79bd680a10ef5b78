using CsCheck;

namespace Eggroll.Tests.Properties;

/// <summary>
/// A fixed number of cases drawn from a CsCheck generator with a fixed seed, so every run checks
/// the same cases in the same order and a failure names the case that broke.
/// </summary>
internal static class Cases
{
    public static IEnumerable<T> Draw<T>(Gen<T> gen, int count, ulong seed)
    {
        var pcg = new PCG(1, seed);
        for (int i = 0; i < count; i++)
        {
            yield return gen.Generate(pcg, null, out _);
        }
    }

    /// <summary>A size biased towards the edges: 0, 1, a vector width ± 1, or anything up to <paramref name="max"/>.</summary>
    public static Gen<int> Size(int min, int max) =>
        Gen.Frequency((1, Gen.OneOf(new[] { 0, 1, 7, 9, 15, 17, 31, 33 }.Where(v => v >= min && v <= max).ToArray())), (3, Gen.Int[min, max]));
}
