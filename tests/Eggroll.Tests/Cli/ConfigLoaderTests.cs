using Eggroll.Population.Strategies;
using Eggroll.Tasks.Language;
using Eggroll.Tasks.Supervised;
using Eggroll.Training;

namespace Eggroll.Tests.Cli;

public sealed class ConfigLoaderTests : IClassFixture<TemporaryDirectory>
{
    private readonly string directory;

    public ConfigLoaderTests(TemporaryDirectory temporary) => directory = temporary.CreateSubdirectory();

    [Fact]
    public void DefaultsAreValidAndOverridesApply()
    {
        var config = ConfigLoader.Load<SupervisedRunConfig>(null, ["evolution.strategy=openEs", "evolution.sigma=0.2", "model.hidden=[8,8,8]", "task.name=rings"]);

        Assert.Equal(StrategyKind.OpenEs, config.Evolution.Strategy);
        Assert.Equal(0.2f, config.Evolution.Sigma);
        Assert.Equal([8, 8, 8], config.Model.Hidden);
        Assert.Equal(Eggroll.Tasks.Supervised.SyntheticTask.Rings, config.Task.Name);
    }

    [Fact]
    public void FileFieldsOverrideDefaultsAndOptionsOverrideTheFile()
    {
        string path = Write("{ \"evolution\": { \"population\": 64, \"rank\": 4 }, // comment\n \"training\": { \"epochs\": 7 } }");

        var config = ConfigLoader.Load<SupervisedRunConfig>(path, ["training.epochs=9"]);

        Assert.Equal(64, config.Evolution.Population);
        Assert.Equal(4, config.Evolution.Rank);
        Assert.Equal(9, config.Training.Epochs);
        Assert.Equal(new SupervisedRunConfig().Optimizer, config.Optimizer);
    }

    [Theory]
    [InlineData("{ \"evolution\": { \"population\": \"many\" } }", "evolution.population", "whole number")]
    [InlineData("{ \"evolution\": { \"sigma\": true } }", "evolution.sigma", "a number")]
    [InlineData("{ \"model\": { \"activation\": \"gelu\" } }", "model.activation", "relu, tanh, silu")]
    [InlineData("{ \"model\": { \"hidden\": [4, \"x\"] } }", "model.hidden[1]", "whole number")]
    [InlineData("{ \"training\": { \"epoch\": 3 } }", "training.epoch", "unknown field")]
    public void WrongTypesAndUnknownFieldsNameTheFieldAndTheFile(string json, string field, string hint) =>
        AssertErrorNamesTheFieldAndTheFile<SupervisedRunConfig>(json, field, hint);

    [Theory]
    [InlineData("evolution.population=3", "evolution.population")]
    [InlineData("evolution.sigma=-0.1", "evolution.sigma")]
    [InlineData("evolution.rank=0", "evolution.rank")]
    [InlineData("evolution.groupSize=7", "evolution.groupSize")]
    [InlineData("optimizer.learningRate=0", "optimizer.learningRate")]
    [InlineData("model.hidden=[4,0]", "model.hidden[1]")]
    [InlineData("task.rowsPerMember=0", "task.rowsPerMember")]
    [InlineData("training.epochs=0", "training.epochs")]
    public void OutOfRangeValuesNameTheField(string assignment, string field)
    {
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Load<SupervisedRunConfig>(null, [assignment]));

        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void LanguageModelConfigFileFieldsOverrideDefaultsAndOverridesTheFile()
    {
        string path = Write("{ \"model\": { \"width\": 16 }, \"training\": { \"noiseReuse\": 0, \"update\": { \"rank\": 4 } }, \"epochs\": 7 }");

        var config = ConfigLoader.Load<LmRunConfig>(path, ["training.noiseReuse=2", "minutes=0.5"]);

        var defaults = new LmRunConfig();
        Assert.Equal(new Eggroll.Models.Egg.EggConfig(16, defaults.Model.Layers), config.Model);
        Assert.Equal(2, config.Training.NoiseReuse);
        Assert.Equal(4, config.Training.Update.Rank);
        Assert.Equal(defaults.Training.Update.Alpha, config.Training.Update.Alpha);
        Assert.Equal(defaults.Training.Population, config.Training.Population);
        Assert.Equal(7, config.Epochs);
        Assert.Equal(0.5, config.Minutes);
    }

    [Theory]
    [InlineData("{ \"training\": { \"noiseReuse\": -1 } }", "training.noiseReuse", "≥ 0")]
    [InlineData("{ \"training\": { \"noiseReuse\": 1.5 } }", "training.noiseReuse", "whole number")]
    [InlineData("{ \"training\": { \"update\": { \"rank\": 0 } } }", "training.update.rank", "between 1 and 64")]
    [InlineData("{ \"training\": { \"update\": null } }", "training.update", "object")]
    [InlineData("{ \"model\": { \"width\": 6 } }", "model.width", "multiple of 4")]
    [InlineData("{ \"model\": { \"depth\": 6 } }", "model.depth", "unknown field")]
    [InlineData("{ \"epoch\": 6 }", "epoch", "unknown field")]
    public void LanguageModelConfigErrorsNameTheFieldAndTheFile(string json, string field, string hint) =>
        AssertErrorNamesTheFieldAndTheFile<LmRunConfig>(json, field, hint);

    [Fact]
    public void InvalidJsonNamesTheFileAndLine()
    {
        string path = Write("{\n \"evolution\": { \"population\": 4, }\n");

        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Load<SupervisedRunConfig>(path, []));

        Assert.Contains(path, error.Message);
        Assert.Contains("line", error.Message);
    }

    private void AssertErrorNamesTheFieldAndTheFile<T>(string json, string field, string hint)
        where T : class, IRunConfig, new()
    {
        string path = Write(json);

        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Load<T>(path, []));

        Assert.Equal(field, error.Field);
        Assert.Contains(hint, error.Message);
        Assert.Contains(path, error.Message);
    }

    private string Write(string json)
    {
        string path = Path.Combine(directory, $"config-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }
}
