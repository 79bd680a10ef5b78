namespace Eggroll.IO.Torch;

/// <summary>A Python global (a class or function) named by a pickle; it is never imported or run, only recognised.</summary>
/// <param name="Module">The module, e.g. <c>collections</c>.</param>
/// <param name="Name">The qualified name inside the module, e.g. <c>OrderedDict</c>.</param>
internal sealed record PickleGlobal(string Module, string Name)
{
    /// <summary>The dotted name, e.g. <c>collections.OrderedDict</c>.</summary>
    public override string ToString() => $"{Module}.{Name}";
}
