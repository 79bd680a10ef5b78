namespace Eggroll.Tests;

/// <summary>
/// Tests that force a kernel path with <see cref="Numerics.KernelPaths"/> (a process-wide setting) run alone,
/// so the forced path is the one their checks exercise and no other test runs on it unawares.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KernelPathCollection
{
    public const string Name = "Kernel paths";
}
