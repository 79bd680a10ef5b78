namespace Eggroll.Tests;

/// <summary>
/// Tests that set the global <see cref="Numerics.Parallelism.MaxThreads"/> run one at a time,
/// so a comparison of thread counts really runs with the counts it sets.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ThreadCountCollection
{
    public const string Name = "Thread count";
}
