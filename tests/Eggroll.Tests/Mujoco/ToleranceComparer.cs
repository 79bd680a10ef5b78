namespace Eggroll.Tests.Mujoco;

/// <summary>Equality of doubles within an absolute tolerance, for comparing vectors of computed physics.</summary>
internal sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
{
    public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

    public int GetHashCode(double obj) => 0;
}
