using System.Runtime.Intrinsics;

namespace Eggroll.Numerics;

/// <summary>
/// The two vectors of <see cref="PairedDot"/>'s products and how an element's product is added: floats with a fused
/// multiply-add, or ±1 bits (<see cref="SignDot"/>) with a sign flip and an add, which round the same way.
/// </summary>
internal interface IDotVectors
{
    /// <summary>Adds x·v to <paramref name="sum"/> with one rounding.</summary>
    static abstract Vector512<float> AddProduct(Vector512<float> x, Vector512<float> v, Vector512<float> sum);

    /// <summary>
    /// Lanes j … j + 31 of both vectors as low and high halves; <paramref name="padded"/> is the last step of a length
    /// that is not a multiple of <see cref="PairedDot.Lanes"/>, whose lanes past the end must add nothing.
    /// </summary>
    void Load(int j, bool padded, out Vector512<float> v0Low, out Vector512<float> v0High, out Vector512<float> v1Low, out Vector512<float> v1High);
}
