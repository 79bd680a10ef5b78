namespace Eggroll.Training;

/// <summary>The config of one kind of run (a record read from JSON by <see cref="ConfigLoader"/>), able to check itself.</summary>
public interface IRunConfig
{
    /// <summary>Throws <see cref="ConfigException"/> naming the first invalid field (its dotted JSON path).</summary>
    void Validate();
}
