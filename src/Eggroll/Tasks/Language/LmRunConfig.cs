using Eggroll.Models.Egg;
using Eggroll.Tasks.Language.Rwkv;
using Eggroll.Training;

namespace Eggroll.Tasks.Language;

/// <summary>
/// Everything an <c>eggroll train lm</c> run needs; stored in <c>config.json</c> and in each checkpoint, and read
/// back by <c>--config</c> (with <see cref="ConfigLoader"/>: fields not given keep these defaults).
/// </summary>
public sealed record LmRunConfig : IRunConfig
{
    /// <summary>The fields a resumed run may change (they do not change its trajectory).</summary>
    public static readonly IReadOnlyList<string> ResumableFields = ["epochs", "minutes", "threads"];

    /// <summary>Corpus file (any text or bytes); split 90/5/5 by <see cref="ByteCorpus"/>.</summary>
    public string Data { get; init; } = "data/brown.txt";

    /// <summary>Which model is trained: the int8 EGG model (default) or RWKV-7.</summary>
    public LmModelKind ModelKind { get; init; } = LmModelKind.Egg;

    /// <summary>How the model is trained: EGGROLL (default) or, for RWKV-7, backprop.</summary>
    public LmMethod Method { get; init; } = LmMethod.Eggroll;

    /// <summary>The gradient baseline's settings, used when <see cref="Method"/> is <see cref="LmMethod.Backprop"/>.</summary>
    public RwkvBackpropOptions Backprop { get; init; } = new();

    /// <summary>Model shape.</summary>
    public EggConfig Model { get; init; } = new();

    /// <summary>The RWKV-7 model and its float EGGROLL settings, used when <see cref="ModelKind"/> is <see cref="LmModelKind.Rwkv7"/>.</summary>
    public RwkvLmOptions Rwkv { get; init; } = new();

    /// <summary>Population, sequences, seed and strategy.</summary>
    public EggTrainingOptions Training { get; init; } = new();

    /// <summary>Stop after this many epochs (in total, counting resumed ones).</summary>
    public long Epochs { get; init; } = 1_000_000;

    /// <summary>Stop after this many minutes of this invocation (0 = no limit).</summary>
    public double Minutes { get; init; } = 14;

    /// <summary>Validate every this many epochs (and at the end).</summary>
    public int ValidateEvery { get; init; } = 25;

    /// <summary>Validation bytes used (from the start of the validation split).</summary>
    public int ValidationBytes { get; init; } = 1 << 16;

    /// <summary>Predicted bytes per validation chunk (each from zero state; shorter when the validation data is).</summary>
    public int ValidationLength { get; init; } = 256;

    /// <summary>Checkpoint every this many epochs (and at the end).</summary>
    public int CheckpointEvery { get; init; } = 100;

    /// <summary>Worker threads (0 = all cores).</summary>
    public int Threads { get; init; }

    /// <summary>Throws <see cref="ConfigException"/> naming the first field out of range.</summary>
    public void Validate()
    {
        Check(Data is not null, "data", "must be a file path, got null");
        ConfigChecks.RequireSections(("model", Model), ("rwkv", Rwkv), ("training", Training), ("backprop", Backprop));
        ConfigChecks.RequireSections(("training.update", Training.Update));
        Check(Enum.IsDefined(ModelKind), "modelKind", $"must be egg or rwkv7, got {ModelKind}");
        if (ModelKind == LmModelKind.Rwkv7)
        {
            Rwkv.Validate();
        }
        else
        {
            Model.Validate("model.");
        }

        Check(Enum.IsDefined(Method), "method", $"must be eggroll or backprop, got {Method}");
        if (Method == LmMethod.Backprop)
        {
            Check(ModelKind == LmModelKind.Rwkv7, "method", "backprop trains the RWKV-7 model only; add --model rwkv7");
            Backprop.Validate();
        }

        Training.Validate();
        Check(Epochs >= 1, "epochs", $"must be ≥ 1, got {Epochs}");
        Check(Minutes >= 0, "minutes", $"must be ≥ 0, got {Minutes}");
        Check(ValidateEvery >= 1, "validateEvery", $"must be ≥ 1, got {ValidateEvery}");
        Check(ValidationLength >= 1, "validationLength", $"must be ≥ 1, got {ValidationLength}");
        Check(ValidationBytes >= 2, "validationBytes", $"must be ≥ 2, got {ValidationBytes}");
        Check(CheckpointEvery >= 1, "checkpointEvery", $"must be ≥ 1, got {CheckpointEvery}");
        Check(Threads >= 0, "threads", $"must be ≥ 0, got {Threads}");
    }

    private static void Check(bool condition, string field, string message)
    {
        if (!condition)
        {
            throw new ConfigException(field, message + ".");
        }
    }
}
