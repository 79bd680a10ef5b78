using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Eggroll.IO;
using Eggroll.Models.Backward.Rwkv;
using Eggroll.Models.Rwkv;
using Eggroll.Training;

namespace Eggroll.Tasks.Language.Rwkv;

/// <summary>
/// The gradient baseline of RWKV-7 language-model pre-training: each epoch draws <see cref="RwkvBackpropOptions.BatchSize"/>
/// training windows from (seed, epoch) as <see cref="PairSequences"/> does for EGGROLL, back-propagates the mean next-byte
/// cross-entropy through them (<see cref="RwkvBackprop"/>), clips the gradient's global norm and takes one AdamW step.
/// Every parameter trains. Epochs are reported in bits/byte like the EGGROLL run's, so the two compare directly.
/// </summary>
public sealed class RwkvBackpropJob : ITrainingJob
{
    /// <summary>The run kind of RWKV-7 language-model checkpoints trained by backprop.</summary>
    public const string RunKind = "rwkv7-lm-backprop";

    private readonly byte[] train;
    private readonly ulong seed;
    private readonly int sequenceLength;
    private readonly RwkvBackpropOptions options;
    private readonly RwkvBackprop backprop;
    private readonly BackpropTraining training;
    private readonly int[] sequences;
    private double lastLoss;

    /// <summary>Creates the job for <paramref name="model"/> (every parameter is unfrozen) on the training bytes <paramref name="trainBytes"/>.</summary>
    public RwkvBackpropJob(RwkvModel model, byte[] trainBytes, EggTrainingOptions training, RwkvBackpropOptions backpropOptions)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(trainBytes);
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(backpropOptions);
        training.Validate();
        backpropOptions.Validate();
        if (trainBytes.Length < training.SequenceLength + 2)
        {
            throw new ConfigException("training.sequenceLength", $"{training.SequenceLength} needs at least {training.SequenceLength + 2} training bytes, got {trainBytes.Length}.");
        }

        model.SetEvolution(new RwkvEvolution(Vectors: true, Embedding: true, Head: true));
        Model = model;
        train = trainBytes;
        seed = training.Seed;
        sequenceLength = training.SequenceLength;
        options = backpropOptions;
        backprop = new RwkvBackprop(model);
        sequences = new int[2 * options.BatchSize * (sequenceLength + 1)];
        this.training = new BackpropTraining(model.Parameters, options.Optimizer, JsonSerializer.Serialize(new { backprop = options, model = model.Config, sequenceLength, seed }, JsonDefaults.Compact));
    }

    /// <summary>The model being trained.</summary>
    public RwkvModel Model { get; }

    /// <inheritdoc/>
    public string Kind => RunKind;

    /// <inheritdoc/>
    public long Epoch { get; private set; }

    /// <inheritdoc/>
    public IEpochReport RunEpoch()
    {
        var clock = Stopwatch.StartNew();
        long epoch = Epoch + 1;
        // One "pair" of BatchSize windows: its first half holds the windows EGGROLL's pairs 0..BatchSize−1 see this epoch.
        PairSequences.Fill<int>(train, seed, epoch, 1, options.BatchSize, sequenceLength, sequences, b => b);
        lastLoss = backprop.LossAndGradients(sequences.AsSpan(0, options.BatchSize * (sequenceLength + 1)), sequenceLength);
        training.Descend(backprop.Gradients, options.MaxGradNorm);
        Epoch = epoch;
        long tokens = (long)options.BatchSize * sequenceLength;
        return new RwkvEpochMetrics(epoch, lastLoss / Math.Log(2), double.IsFinite(lastLoss) ? 0 : 1, tokens, clock.Elapsed.TotalSeconds);
    }

    /// <inheritdoc/>
    public IReadOnlyList<StateTensor> StateTensors() => training.StateTensors;

    /// <inheritdoc/>
    public JsonObject SaveState() => training.SaveState();

    /// <inheritdoc/>
    public void Restore(long epoch, JsonObject state, CheckpointTensors tensors)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        training.Restore(state, tensors);
        Epoch = epoch;
    }

    /// <inheritdoc/>
    public string? DescribeDivergence() => training.DescribeDivergence("training loss", Epoch, lastLoss);
}
