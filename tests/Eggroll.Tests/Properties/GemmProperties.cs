using CsCheck;
using Eggroll.Numerics;
using Eggroll.Tests.Numerics;

namespace Eggroll.Tests.Properties;

/// <summary>The GEMM against the double-precision reference over random shapes, transposes, scalars and padding.</summary>
[Collection(ThreadCountCollection.Name)]
public sealed class GemmProperties
{
    private static readonly Gen<(int M, int N, int K, Transpose Ta, Transpose Tb, float Alpha, float Beta, int Pad, bool Portable)> Shapes =
        Gen.Select(
            Cases.Size(0, 70), Cases.Size(0, 70), Cases.Size(0, 90),
            Gen.Enum<Transpose>(), Gen.Enum<Transpose>(),
            Gen.OneOf(new[] { 1f, -0.5f, 2.25f }), Gen.OneOf(new[] { 0f, 1f, 0.5f }),
            Gen.Select(Gen.Int[0, 3], Gen.Bool),
            (m, n, k, ta, tb, alpha, beta, layout) => (m, n, k, ta, tb, alpha, beta, layout.Item1, layout.Item2));

    [Fact]
    public void RandomShapesMatchTheDoublePrecisionReference()
    {
        int seed = 0;
        foreach (var c in Cases.Draw(Shapes, count: 250, seed: 17))
        {
            GemmTests.Check(c.Ta, c.Tb, c.M, c.N, c.K, c.Alpha, c.Beta, c.Pad, seed++, c.Portable ? GemmKernel.For(KernelLevel.Portable) : null);
        }
    }
}
