using Eggroll.Cli.Commands;
using Eggroll.Tasks.Language;

namespace Eggroll.Cli.Language;

/// <summary>The options of <c>eggroll train lm</c> that stand for <c>--set field=value</c>, shown with the defaults of <see cref="LmRunConfig"/>.</summary>
internal static class LmShortcuts
{
    /// <summary>Creates the options.</summary>
    public static ShortcutOptions Create()
    {
        return new ShortcutOptions(
        [
            new("--data", "data", "Corpus file, text or bytes, e.g. from scripts/get-corpus.sh (data).", Text: true),
            new("--model", "modelKind", "Model: egg (int8) or rwkv7 (float) (modelKind).", Text: true),
            new("--method", "method", "Training method: eggroll or backprop (RWKV-7 only: AdamW on truncated sequences, the backprop section) (method).", Text: true),
            new("--batch-size", "backprop.batchSize", "Backprop: training windows per optimiser step (backprop.batchSize)."),
            new("--model-width", "rwkv.width", "RWKV-7 width D (rwkv.width)."),
            new("--model-layers", "rwkv.layers", "RWKV-7 blocks L (rwkv.layers)."),
            new("--head-size", "rwkv.headSize", "RWKV-7 head size N (rwkv.headSize)."),
            new("--sigma", "rwkv.sigma", "RWKV-7 noise scale σ (rwkv.sigma)."),
            new("--learning-rate", "rwkv.learningRate", "RWKV-7 Adam learning rate (rwkv.learningRate)."),
            new("--width", "model.width", "Model width D (model.width)."),
            new("--layers", "model.layers", "Layers L (model.layers)."),
            new("--population", "training.population", "Population N, even (training.population)."),
            new("--sequence-length", "training.sequenceLength", "Bytes predicted per training sequence (training.sequenceLength)."),
            new("--sequences-per-pair", "training.sequencesPerPair", "Training sequences per antithetic pair (training.sequencesPerPair)."),
            new("--noise-reuse", "training.noiseReuse", "Noise epoch = epoch / k, 0 = the same noise every epoch (training.noiseReuse)."),
            new("--seed", "training.seed", "Run seed (training.seed)."),
            new("--rank", "training.update.rank", "Rank r of the int8 factors (training.update.rank)."),
            new("--sigma-shift", "training.update.sigmaShift", "σ = 2^-sigmaShift (training.update.sigmaShift)."),
            new("--alpha", "training.update.alpha", "Target fraction α₀ of weights changed per epoch (training.update.alpha)."),
            new("--alpha-decay", "training.update.alphaDecay", "d in α_t = α₀/(d·t + 1); 0 = fixed, the paper 0.015 (training.update.alphaDecay)."),
            new("--epochs", "epochs", "Stop at this epoch (epochs)."),
            new("--minutes", "minutes", "Stop after this many minutes of this invocation, 0 = no limit (minutes)."),
            new("--validate-every", "validateEvery", "Epochs between validations (validateEvery)."),
            new("--validation-bytes", "validationBytes", "Validation bytes used (validationBytes)."),
            new("--checkpoint-every", "checkpointEvery", "Epochs between checkpoints (checkpointEvery)."),
            new("--threads", "threads", "Worker threads, 0 = all cores (threads)."),
        ],
            new LmRunConfig());
    }
}
