using Eggroll.Cli.Language;
using Eggroll.Models.Rwkv;
using Eggroll.Tasks.Countdown;
using Eggroll.Tasks.Language;
using Eggroll.Tasks.Language.Rwkv;
using Eggroll.Training;

namespace Eggroll.Cli.Countdown;

/// <summary>
/// Where <c>countdown train</c> and <c>countdown eval</c> get their model and tokenizer: everything
/// <see cref="RwkvModelSource"/> reads, and the run directory of a <c>countdown train</c> run (its base model with the
/// fine-tuned parameters).
/// </summary>
internal static class CountdownModelSource
{
    /// <summary>Loads the model at <paramref name="path"/>; any problem is a one-line user error naming the path.</summary>
    public static RwkvModel Load(string path)
    {
        string checkpointDirectory = TrainingSession.CheckpointOf(path);
        string? kind = Directory.Exists(path) && RunCheckpoint.Exists(checkpointDirectory) ? RunCheckpoint.Load(checkpointDirectory).State.Kind : null;
        if (kind is not (CountdownEggrollJob.RunKind or CountdownGrpoJob.RunKind))
        {
            return RwkvModelSource.Load(path);
        }

        var (checkpoint, run) = TrainingSession.LoadForEvaluation(path, kind, "countdown train");
        var config = ConfigLoader.FromNode<CountdownRunConfig>(run, checkpoint.StatePath);
        var model = RwkvModelSource.Load(config.Model);
        RwkvLmJob.LoadWeights(model, checkpoint.Tensors);
        return model;
    }

    /// <summary>
    /// The tokenizer for <paramref name="model"/>: bytes when <paramref name="vocabularyFile"/> is empty (the model
    /// must then have 256 tokens), else the World tokenizer in that file.
    /// </summary>
    public static ITokenizer Tokenizer(RwkvModel model, string vocabularyFile, string field)
    {
        int vocabulary = model.Config.Vocabulary;
        if (vocabularyFile.Length == 0)
        {
            return vocabulary == RwkvLmOptions.ByteVocabulary
                ? new ByteTokenizer()
                : throw new ConfigException(field, $"the model has {vocabulary} tokens, not 256 bytes; give its World tokenizer vocabulary file (rwkv_vocab_v20230424.txt).");
        }

        var tokenizer = WorldTokenizer.Load(vocabularyFile);
        return tokenizer.VocabularySize <= vocabulary
            ? tokenizer
            : throw new ConfigException(field, $"{vocabularyFile} has {tokenizer.VocabularySize} tokens but the model only {vocabulary}.");
    }
}
