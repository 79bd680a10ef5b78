using Eggroll.Cli.Commands;
using Eggroll.Tasks.Language;

namespace Eggroll.Cli.Language;

/// <summary>The options of <c>eggroll train lm</c> that stand for <c>--set field=value</c>, with the defaults of <see cref="LmRunConfig"/>.</summary>
internal static class LmShortcuts
{
    /// <summary>Creates the options.</summary>
    public static ShortcutOptions Create()
    {
        var d = new LmRunConfig();
        var t = d.Training;
        return new ShortcutOptions(
        [
            new("--data", "data", $"Corpus file, text or bytes (data; default {d.Data}, from scripts/get-corpus.sh).", Text: true),
            new("--width", "model.width", $"Model width D (model.width; default {d.Model.Width})."),
            new("--layers", "model.layers", $"Layers L (model.layers; default {d.Model.Layers})."),
            new("--population", "training.population", $"Population N, even (training.population; default {t.Population})."),
            new("--sequence-length", "training.sequenceLength", $"Bytes predicted per training sequence (training.sequenceLength; default {t.SequenceLength})."),
            new("--sequences-per-pair", "training.sequencesPerPair", $"Training sequences per antithetic pair (training.sequencesPerPair; default {t.SequencesPerPair})."),
            new("--noise-reuse", "training.noiseReuse", $"Noise epoch = epoch / k, 0 = the same noise every epoch (training.noiseReuse; default {t.NoiseReuse})."),
            new("--seed", "training.seed", $"Run seed (training.seed; default {t.Seed})."),
            new("--rank", "training.update.rank", $"Rank r of the int8 factors (training.update.rank; default {t.Update.Rank})."),
            new("--sigma-shift", "training.update.sigmaShift", $"σ = 2^-sigmaShift (training.update.sigmaShift; default {t.Update.SigmaShift})."),
            new("--alpha", "training.update.alpha", $"Target fraction α₀ of weights changed per epoch (training.update.alpha; default {t.Update.Alpha})."),
            new("--alpha-decay", "training.update.alphaDecay", $"d in α_t = α₀/(d·t + 1); 0 = fixed, the paper 0.015 (training.update.alphaDecay; default {t.Update.AlphaDecay})."),
            new("--epochs", "epochs", $"Stop at this epoch (epochs; default {d.Epochs})."),
            new("--minutes", "minutes", $"Stop after this many minutes of this invocation, 0 = no limit (minutes; default {d.Minutes})."),
            new("--validate-every", "validateEvery", $"Epochs between validations (validateEvery; default {d.ValidateEvery})."),
            new("--validation-bytes", "validationBytes", $"Validation bytes used (validationBytes; default {d.ValidationBytes})."),
            new("--checkpoint-every", "checkpointEvery", $"Epochs between checkpoints (checkpointEvery; default {d.CheckpointEvery})."),
            new("--threads", "threads", $"Worker threads, 0 = all cores (threads; default {d.Threads})."),
        ]);
    }
}
