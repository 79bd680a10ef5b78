using Eggroll.Training;

namespace Eggroll.Tasks.Supervised;

/// <summary>Which built-in supervised task to learn and how it is sampled.</summary>
public sealed record TaskConfig
{
    /// <summary>The task.</summary>
    public SyntheticTask Name { get; init; } = SyntheticTask.Regression;

    /// <summary>Training examples generated.</summary>
    public int TrainExamples { get; init; } = 4096;

    /// <summary>Test examples generated (used by the final report and <c>eval</c>).</summary>
    public int TestExamples { get; init; } = 1024;

    /// <summary>Examples each member is scored on per epoch.</summary>
    public int RowsPerMember { get; init; } = 32;

    /// <summary>Throws <see cref="ConfigException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Name))
        {
            throw new ConfigException("task.name", $"unknown task {Name}; use regression or rings.");
        }

        ConfigChecks.InRange(TrainExamples, 1, 10_000_000, "task.trainExamples");
        ConfigChecks.InRange(TestExamples, 1, 10_000_000, "task.testExamples");
        ConfigChecks.InRange(RowsPerMember, 1, 65_536, "task.rowsPerMember");
    }
}
