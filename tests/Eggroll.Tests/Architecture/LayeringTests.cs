using System.Reflection;
using System.Runtime.CompilerServices;
using Eggroll.Population.Strategies;
using Eggroll.Training;

namespace Eggroll.Tests.Architecture;

public sealed class LayeringTests
{
    private static readonly Assembly Library = typeof(ConfigException).Assembly;

    [Fact]
    public void NoTypeOfTheLibraryUsesATypeOfAHigherRoom()
    {
        var upward = LayeringChecker.UpwardUses(Library.GetTypes(), LibraryRank);

        Assert.True(upward.Count == 0, "lower rooms use higher ones:\n" + string.Join('\n', upward));
    }

    [Fact]
    public void EveryHandWrittenTypeOfTheLibraryLivesInARoom()
    {
        var homeless = Library.GetTypes()
            .Where(IsHandWritten)
            .Where(t => Rooms.RankOf(t) is null)
            .Select(t => t.FullName);

        Assert.Empty(homeless);
    }

    [Fact]
    public void TheScanSeesATypeUsedOnlyInsideAMethodBodyOrALambda()
    {
        var samples = typeof(LayeringSamples).Assembly.GetTypes().Where(t => IsInside(t, typeof(LayeringSamples)));

        var upward = LayeringChecker.UpwardUses(samples, t => t == typeof(LayeringSamples.Higher) ? 1 : IsInside(t, typeof(LayeringSamples)) ? 0 : null);

        Assert.Equal(
            [
                $"{typeof(LayeringSamples.TestsForHigher).FullName} (rank 0) → {typeof(LayeringSamples.Higher).FullName} (rank 1)",
                $"{typeof(LayeringSamples.UsesHigherInALambda).FullName} (rank 0) → {typeof(LayeringSamples.Higher).FullName} (rank 1)",
            ],
            upward);
    }

    [Fact]
    public void TheScanSeesThatTheTrainerUsesItsStrategy()
    {
        var upward = LayeringChecker.UpwardUses([typeof(Trainer)], t => t == typeof(Trainer) ? 0 : t == typeof(IEvolutionStrategy) ? 1 : null);

        Assert.Single(upward);
    }

    private static int? LibraryRank(Type type) => type.Assembly == Library ? Rooms.RankOf(type) : null;

    private static bool IsHandWritten(Type type)
    {
        for (Type? t = type; t is not null; t = t.DeclaringType)
        {
            if (t.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false) || t.Name.StartsWith('<')) return false;
        }

        return true;
    }

    private static bool IsInside(Type type, Type outer)
    {
        for (var t = type.DeclaringType; t is not null; t = t.DeclaringType)
        {
            if (t == outer) return true;
        }

        return false;
    }
}
