using System.Numerics;
using System.Runtime.InteropServices;

namespace Eggroll.Training.Optimizers;

/// <summary>
/// The element-wise update rules over one block of a parameter, vectorised with
/// <see cref="Vector{T}"/>. Each returns the sum of squares of the change it applied. Only
/// correctly rounded operations are used (no fused multiply-add), so every vector width gives
/// the same bits; the last partial vector runs through the same code on a zero-padded copy,
/// whose padding changes nothing and adds nothing to the sum.
/// </summary>
internal static class OptimizerKernels
{
    /// <summary>The hyper-parameters of one step.</summary>
    public readonly record struct StepSettings(float LearningRate, float Momentum, float Beta1, float Beta2, float Correction1, float Correction2, float Epsilon, float Decay);

    /// <summary>θ += lr·g.</summary>
    public static double Sgd(Span<float> value, ReadOnlySpan<float> gradient, in StepSettings s) => Run<SgdRule>(value, gradient, [], [], s);

    /// <summary>u = μ·u + g; θ += lr·u (heavy-ball momentum; <paramref name="velocity"/> is u).</summary>
    public static double Momentum(Span<float> value, ReadOnlySpan<float> gradient, Span<float> velocity, in StepSettings s) =>
        Run<MomentumRule>(value, gradient, velocity, [], s);

    /// <summary>Adam (AdamW when <see cref="StepSettings.Decay"/> &gt; 0): moments, bias correction and the ascent step.</summary>
    public static double Adam(Span<float> value, ReadOnlySpan<float> gradient, Span<float> first, Span<float> second, in StepSettings s) =>
        Run<AdamRule>(value, gradient, first, second, s);

    private interface IRule
    {
        static abstract void Apply(ref Vector<float> x, Vector<float> g, ref Vector<float> m, ref Vector<float> v, in StepSettings s);
    }

    private readonly struct SgdRule : IRule
    {
        public static void Apply(ref Vector<float> x, Vector<float> g, ref Vector<float> m, ref Vector<float> v, in StepSettings s) =>
            x += new Vector<float>(s.LearningRate) * g;
    }

    private readonly struct MomentumRule : IRule
    {
        public static void Apply(ref Vector<float> x, Vector<float> g, ref Vector<float> m, ref Vector<float> v, in StepSettings s)
        {
            m = (new Vector<float>(s.Momentum) * m) + g;
            x += new Vector<float>(s.LearningRate) * m;
        }
    }

    private readonly struct AdamRule : IRule
    {
        public static void Apply(ref Vector<float> x, Vector<float> g, ref Vector<float> m, ref Vector<float> v, in StepSettings s)
        {
            m = (new Vector<float>(s.Beta1) * m) + (new Vector<float>(1f - s.Beta1) * g);
            v = (new Vector<float>(s.Beta2) * v) + (new Vector<float>(1f - s.Beta2) * g * g);
            var mHat = m / new Vector<float>(s.Correction1);
            var vHat = v / new Vector<float>(s.Correction2);
            x += (new Vector<float>(s.LearningRate) * mHat / (Vector.SquareRoot(vHat) + new Vector<float>(s.Epsilon))) - (new Vector<float>(s.Decay) * x);
        }
    }

    /// <summary>Applies the rule over the block; <paramref name="first"/>/<paramref name="second"/> are empty when the rule keeps no such state.</summary>
    private static double Run<TRule>(Span<float> value, ReadOnlySpan<float> gradient, Span<float> first, Span<float> second, in StepSettings s)
        where TRule : struct, IRule
    {
        int width = Vector<float>.Count, whole = value.Length - (value.Length % width);
        var x = MemoryMarshal.Cast<float, Vector<float>>(value[..whole]);
        var g = MemoryMarshal.Cast<float, Vector<float>>(gradient[..whole]);
        var m = MemoryMarshal.Cast<float, Vector<float>>(first.IsEmpty ? [] : first[..whole]);
        var v = MemoryMarshal.Cast<float, Vector<float>>(second.IsEmpty ? [] : second[..whole]);
        Vector<float> unusedFirst = default, unusedSecond = default, squares = default;
        for (int i = 0; i < x.Length; i++)
        {
            var before = x[i];
            TRule.Apply(ref x[i], g[i], ref m.IsEmpty ? ref unusedFirst : ref m[i], ref v.IsEmpty ? ref unusedSecond : ref v[i], s);
            var change = x[i] - before;
            squares += change * change;
        }

        double sum = Vector.Sum(squares);
        if (whole < value.Length)
        {
            sum += Tail<TRule>(value[whole..], gradient[whole..], first.IsEmpty ? [] : first[whole..], second.IsEmpty ? [] : second[whole..], s);
        }

        return sum;
    }

    private static double Tail<TRule>(Span<float> value, ReadOnlySpan<float> gradient, Span<float> first, Span<float> second, in StepSettings s)
        where TRule : struct, IRule
    {
        int width = Vector<float>.Count;
        Span<float> x = stackalloc float[width], g = stackalloc float[width], m = stackalloc float[width], v = stackalloc float[width];
        value.CopyTo(x);
        gradient.CopyTo(g);
        first.CopyTo(m);
        second.CopyTo(v);
        double sum = Run<TRule>(x, g, first.IsEmpty ? [] : m, second.IsEmpty ? [] : v, s);
        x[..value.Length].CopyTo(value);
        m[..first.Length].CopyTo(first);
        v[..second.Length].CopyTo(second);
        return sum;
    }
}
