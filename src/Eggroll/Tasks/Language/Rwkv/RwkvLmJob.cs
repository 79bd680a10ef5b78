using System.Text.Json.Nodes;
using Eggroll.Models;
using Eggroll.Models.Rwkv;
using Eggroll.Numerics;
using Eggroll.Population;
using Eggroll.Training;

namespace Eggroll.Tasks.Language.Rwkv;

/// <summary>
/// Pre-training a byte-level RWKV-7 model with float EGGROLL: a <see cref="Trainer"/> over the
/// <see cref="RwkvLanguageObjective"/>, so checkpoints, resume and thread-count determinism are the trainer's;
/// epochs are reported in bits/byte like the EGG model's. The population can be scored in member ranges, bit-identical
/// to the whole batch (a member's windows and noise follow from its index), so replicas on other machines can share an
/// epoch's evaluation.
/// </summary>
public sealed class RwkvLmJob : IPopulationJob
{
    /// <summary>The run kind of RWKV-7 language-model checkpoints.</summary>
    public const string RunKind = "rwkv7-lm";

    private readonly Trainer trainer;
    private readonly long tokensPerEpoch;

    /// <summary>Creates the job for <paramref name="model"/> on the training bytes <paramref name="train"/>.</summary>
    public RwkvLmJob(RwkvModel model, byte[] train, EggTrainingOptions training, RwkvLmOptions rwkv)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(rwkv);
        training.Validate();
        Model = model;
        var objective = new RwkvLanguageObjective(model, train, training.SequencesPerPair, training.SequenceLength);
        trainer = new Trainer(TrainableModel(model), objective, rwkv.TrainerOptions(training)) { Kind = RunKind };
        tokensPerEpoch = (long)training.Population * training.SequencesPerPair * training.SequenceLength;
    }

    /// <summary>The model being trained.</summary>
    public RwkvModel Model { get; }

    /// <inheritdoc/>
    public string Kind => RunKind;

    /// <inheritdoc/>
    public long Epoch => trainer.Epoch;

    /// <inheritdoc/>
    public int Population => trainer.Population;

    /// <inheritdoc/>
    public bool UsesPairSignsOnly => trainer.UsesPairSignsOnly;

    /// <inheritdoc/>
    public EvaluationTally LastTally => trainer.LastTally;

    /// <inheritdoc/>
    IEpochReport ITrainingJob.RunEpoch() => RunEpoch();

    /// <summary>Runs one epoch and returns its metrics.</summary>
    public RwkvEpochMetrics RunEpoch() => InBitsPerByte(trainer.RunEpoch());

    /// <inheritdoc/>
    public int MemberStatisticsLength => trainer.MemberStatisticsLength;

    /// <inheritdoc/>
    public void Evaluate(int firstMember, Span<float> memberScores, Span<double> memberStatistics) => trainer.Evaluate(firstMember, memberScores, memberStatistics);

    /// <inheritdoc/>
    public string? DescribeInvalidStatistics(ReadOnlySpan<double> memberStatistics) => trainer.DescribeInvalidStatistics(memberStatistics);

    /// <inheritdoc/>
    public void Apply(ReadOnlySpan<float> memberScores, ReadOnlySpan<double> memberStatistics) => trainer.Apply(memberScores, memberStatistics);

    /// <summary>
    /// The metrics of the epoch just completed by <see cref="Apply"/>, given its wall time and the tally of the
    /// evaluations that scored it: the same as <see cref="RunEpoch"/> reports for that epoch on one machine.
    /// </summary>
    public RwkvEpochMetrics Metrics(double seconds, EvaluationTally tally) => InBitsPerByte(trainer.Metrics(seconds, tally.Rows));

    /// <inheritdoc/>
    IEpochReport IPopulationJob.Metrics(double seconds, EvaluationTally tally) => Metrics(seconds, tally);

    /// <inheritdoc/>
    public IReadOnlyList<StateTensor> StateTensors() => trainer.StateTensors();

    /// <inheritdoc/>
    public JsonObject SaveState() => trainer.SaveState();

    /// <inheritdoc/>
    public void Restore(long epoch, JsonObject state, CheckpointTensors tensors) => trainer.Restore(epoch, state, tensors);

    /// <inheritdoc/>
    public string? DescribeDivergence() => trainer.DescribeDivergence();

    /// <summary>
    /// <paramref name="model"/>'s parameters as the <see cref="Models.Model"/> a <see cref="Trainer"/> evolves (with
    /// any RWKV objective, e.g. <see cref="RwkvFineTuningObjective"/>); the objective steps the RWKV model itself.
    /// </summary>
    public static Model TrainableModel(RwkvModel model) => new(new ParameterHost(model));

    /// <summary>Copies the parameters a checkpoint of this job saved into <paramref name="model"/>.</summary>
    /// <exception cref="CheckpointException">A parameter is missing or misshaped; the message names it.</exception>
    public static void LoadWeights(RwkvModel model, CheckpointTensors tensors)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tensors);
        tensors.CopyInto(Trainer.ParameterTensors(model.Parameters));
    }

    private RwkvEpochMetrics InBitsPerByte(EpochMetrics metrics) =>
        new(metrics.Epoch, -metrics.ScoreMean / Math.Log(2), metrics.NonFiniteScores, tokensPerEpoch, metrics.Seconds);

    /// <summary>Hands the RWKV parameters to the <see cref="Trainer"/>, which only perturbs and updates them; the model is stepped by the objective.</summary>
    private sealed class ParameterHost(RwkvModel model) : ILayer
    {
        public int InputSize => model.Config.Width;

        public int OutputSize => model.Config.Vocabulary;

        public IEnumerable<NamedParameter> NamedParameters() => model.Parameters.Entries;

        public Matrix Forward(Matrix input, ForwardContext context) => throw new NotSupportedException("An RWKV-7 model runs token by token through RwkvModel.Step.");
    }
}
