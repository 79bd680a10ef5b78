namespace Eggroll.Tests.Architecture;

/// <summary>Types whose only use of <see cref="Higher"/> hides in a method body, for checking the layering scan.</summary>
internal static class LayeringSamples
{
    /// <summary>The type of the higher room.</summary>
    internal sealed class Higher;

    /// <summary>Creates <see cref="Higher"/> objects inside a lambda (a compiler-generated type).</summary>
    internal static class UsesHigherInALambda
    {
        public static int Count(int n) => Enumerable.Range(0, n).Select(_ => new Higher()).Count();
    }

    /// <summary>Tests objects against <see cref="Higher"/> (an isinst in the body, nothing in the signature).</summary>
    internal static class TestsForHigher
    {
        public static bool IsHigher(object value) => value is Higher;
    }

    /// <summary>Uses nothing of the higher room.</summary>
    internal static class UsesNothingHigher
    {
        public static int Twice(int value) => 2 * value;
    }
}
