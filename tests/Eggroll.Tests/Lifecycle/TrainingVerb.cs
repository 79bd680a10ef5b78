namespace Eggroll.Tests.Lifecycle;

/// <summary>One <c>eggroll train</c> verb with small settings: how to start a run of it and how to resume one.</summary>
/// <param name="Name">The verb as the tests name it.</param>
/// <param name="Command">The words before the options ("train", "train rl", "train lm").</param>
/// <param name="Options">The options of a small run, without the epoch count and the output.</param>
/// <param name="Output">The option naming the run directory.</param>
public sealed record TrainingVerb(string Name, string[] Command, string[] Options, string Output)
{
    /// <summary>The verbs with settings that make an epoch a few milliseconds long; the language model reads <paramref name="corpus"/>.</summary>
    public static TrainingVerb Of(string name, string corpus) => name switch
    {
        "train" => new(name, ["train"], ["--population", "64", "--checkpoint-every", "7", "--threads", "1"], "--out"),
        "train rl" => new(name, ["train", "rl"], ["--env", "CartPole-v1", "--population", "16", "--set", "env.episodesPerMember=1", "--set", "env.evalEpisodes=1", "--checkpoint-every", "7", "--threads", "1"], "--out"),
        "train lm" => new(name, ["train", "lm"], ["--data", corpus, "--width", "8", "--layers", "1", "--population", "16", "--sequence-length", "16", "--validate-every", "5", "--validation-bytes", "200", "--checkpoint-every", "7", "--threads", "1"], "--out"),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown verb"),
    };

    /// <summary>The command line of a new run of <paramref name="epochs"/> epochs in <paramref name="directory"/>.</summary>
    public string[] Start(string directory, long epochs) => [.. Command, .. Options, "--epochs", epochs.ToString(System.Globalization.CultureInfo.InvariantCulture), Output, directory];

    /// <summary>The command line resuming the run in <paramref name="directory"/> up to <paramref name="epochs"/> epochs.</summary>
    public string[] Resume(string directory, long epochs) => [.. Command, "--resume", directory, "--epochs", epochs.ToString(System.Globalization.CultureInfo.InvariantCulture)];
}
