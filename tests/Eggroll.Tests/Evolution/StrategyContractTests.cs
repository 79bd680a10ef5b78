using System.Reflection;
using Eggroll.Population;
using Eggroll.Population.Strategies;
using Eggroll.Training;

namespace Eggroll.Tests.Evolution;

/// <summary>A strategy is one public class implementing <see cref="IEvolutionStrategy"/>; the trainer takes any such class and the factory only the strategies it knows.</summary>
public sealed class StrategyContractTests : IClassFixture<TemporaryDirectory>
{
    private readonly string directory;

    public StrategyContractTests(TemporaryDirectory temporary) => directory = temporary.CreateSubdirectory();

    [Fact]
    public void EveryMemberOfTheContractAndEveryTypeItNamesIsPublicSoAStrategyCanBeWrittenOutsideTheLibrary()
    {
        var members = typeof(IEvolutionStrategy).GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static);
        var named = members.OfType<MethodInfo>()
            .SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType))
            .Concat(members.OfType<PropertyInfo>().Select(p => p.PropertyType))
            .SelectMany(Flatten)
            .Distinct()
            .ToList();

        Assert.True(typeof(IEvolutionStrategy).IsPublic);
        Assert.Empty(members.OfType<MethodInfo>().Where(m => !m.IsPublic).Select(m => m.Name));
        Assert.Contains(typeof(Parameter), named);
        Assert.Contains(typeof(MemberRows), named);
        Assert.Empty(named.Where(t => !t.IsPublic).Select(t => t.FullName));
    }

    [Theory]
    [InlineData(typeof(LowRankPerturbation))]
    [InlineData(typeof(FullRankPerturbation))]
    public void TheBuiltInStrategiesArePublicSealedClassesOfTheContractAlone(Type strategy)
    {
        Assert.True(strategy.IsPublic && strategy.IsSealed);
        Assert.Equal(typeof(object), strategy.BaseType);
        Assert.Equal([typeof(IEvolutionStrategy)], strategy.GetInterfaces());
    }

    [Fact]
    public void ACustomStrategyTrainsThroughTheTrainerExactlyAsTheStrategyItWraps()
    {
        var builtIn = new TrainingFixture();
        builtIn.Run(3);
        var custom = new TrainingFixture();
        var counting = new CountingStrategy(new LowRankPerturbation(custom.Model.Parameters, custom.Options.Seed, 64, 0.05f, 1));
        var trainer = new Trainer(custom.Model, custom.Objective, custom.Options, counting);

        for (int i = 0; i < 3; i++)
        {
            trainer.RunEpoch();
        }

        Assert.Same(counting, trainer.Perturbation);
        Assert.Equal(3f, counting.EpochsWeighted);
        Assert.Equal(3 * custom.Model.Parameters.Count, counting.Estimates);
        Assert.Equal(builtIn.Snapshot(), custom.Snapshot());
        Assert.NotEqual(new TrainingFixture().Snapshot(), custom.Snapshot());
    }

    [Fact]
    public void AStrategysOwnStateIsCheckpointedAndRestoredWithTheRun()
    {
        var first = new TrainingFixture();
        var trainer = new Trainer(first.Model, first.Objective, first.Options, Counting(first));
        trainer.RunEpoch();
        trainer.RunEpoch();
        RunCheckpoint.Save(directory, trainer);

        var second = new TrainingFixture();
        var restoredStrategy = Counting(second);
        RunCheckpoint.Restore(new Trainer(second.Model, second.Objective, second.Options, restoredStrategy), RunCheckpoint.Load(directory));

        Assert.Contains(trainer.StateTensors(), t => t.Name == "strategy." + CountingStrategy.CounterName);
        Assert.Equal(2f, restoredStrategy.EpochsWeighted);
    }

    [Fact]
    public void ATrainerRefusesAStrategyForAnotherPopulationSize()
    {
        var fixture = new TrainingFixture();
        var strategy = new LowRankPerturbation(fixture.Model.Parameters, 1, 32, 0.05f, 1);

        var error = Assert.Throws<ArgumentException>(() => new Trainer(fixture.Model, fixture.Objective, fixture.Options, strategy));

        Assert.Contains("32 members", error.Message);
        Assert.Contains("evolution.population is 64", error.Message);
    }

    [Fact]
    public void EveryStrategyKindCreatesItsStrategy()
    {
        var parameters = new TrainingFixture().Model.Parameters;

        Assert.Equal(Enum.GetValues<StrategyKind>(), StrategyFactory.Known.Order());
        Assert.IsType<LowRankPerturbation>(StrategyFactory.Create(new EvolutionConfig { Strategy = StrategyKind.Eggroll, Rank = 3 }, parameters, 1));
        Assert.IsType<FullRankPerturbation>(StrategyFactory.Create(new EvolutionConfig { Strategy = StrategyKind.OpenEs }, parameters, 1));
    }

    [Fact]
    public void AnUnknownStrategyIsAConfigErrorListingTheKnownOnes()
    {
        var fixture = new TrainingFixture();
        var config = new EvolutionConfig { Strategy = (StrategyKind)42 };

        var fromFactory = Assert.Throws<ConfigException>(() => StrategyFactory.Create(config, fixture.Model.Parameters, 1));
        var fromTrainer = Assert.Throws<ConfigException>(() => new Trainer(fixture.Model, fixture.Objective, fixture.Options with { Evolution = config }));

        Assert.Equal("evolution.strategy", fromFactory.Field);
        Assert.Equal("unknown strategy 42; use one of eggroll, openEs.", fromFactory.Detail);
        Assert.Equal(fromFactory.Message, fromTrainer.Message);
    }

    private static CountingStrategy Counting(TrainingFixture fixture) =>
        new(new LowRankPerturbation(fixture.Model.Parameters, fixture.Options.Seed, fixture.Options.Evolution.Population, fixture.Options.Evolution.Sigma, 1));

    private static IEnumerable<Type> Flatten(Type type)
    {
        var element = type.HasElementType ? type.GetElementType()! : type;
        return element.IsGenericType
            ? element.GetGenericArguments().SelectMany(Flatten).Prepend(element.GetGenericTypeDefinition())
            : [element];
    }
}
