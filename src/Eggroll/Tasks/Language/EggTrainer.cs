using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Eggroll.IO;
using Eggroll.Numerics;
using Eggroll.Training;
using Eggroll.Models.Egg;
using Eggroll.Noise;
using Eggroll.Numerics.Int8;
using Eggroll.Population.Strategies;

namespace Eggroll.Tasks.Language;

/// <summary>
/// Integer-only EGGROLL pre-training of an <see cref="EggModel"/> (docs/algorithm.md §4). One epoch: every pair draws
/// its training sequences; all members × sequences run as one batch (member t adds its pair's
/// low-rank noise with sign ±1); pair fitness F_p = sign(f_{2p} − f_{2p+1}) with f = −(summed loss);
/// each matrix moves by ±1 where |Σ_p F_p A_p B_pᵀ| exceeds the threshold of <see cref="Int8Update"/>.
/// Everything is a function of (seed, epoch, weights), so a run resumes from the weights and the epoch
/// alone. The batch's buffers (sequences, losses, noise offsets, runners, update sums and the factors the update
/// packs) are sized once, so an epoch after the first allocates nothing but the metrics it returns. The population can
/// also be scored in member ranges (<see cref="Evaluate(int, Span{float})"/>), bit-identical to the whole batch, so
/// that replicas on other machines can share an epoch's evaluation.
/// </summary>
public sealed class EggTrainer : IPopulationJob
{
    private readonly byte[] train;
    private readonly Int8NoiseTable table;
    private readonly EggNoise noise;
    private readonly Dictionary<(int First, int Count), MemberBatch> batches = [];
    private readonly float[] outcomes;
    private readonly sbyte[] pairFitness;
    private readonly int[][] accumulators;
    private readonly Int8UpdateWorkspace updateWorkspace;
    private readonly StateTensor[] stateTensors;
    private EvaluationTally lastTally;
    private (double Alpha, int ActivePairs, long Changed) lastUpdate;

    /// <summary>Prepares training of <paramref name="model"/> on <paramref name="train"/> from epoch 0.</summary>
    /// <exception cref="ConfigException">An option is out of range or the data is shorter than one sequence.</exception>
    public EggTrainer(EggModel model, byte[] train, EggTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (train.Length < options.SequenceLength + 2)
        {
            throw new ConfigException("training.sequenceLength", $"{options.SequenceLength} needs at least {options.SequenceLength + 2} training bytes, got {train.Length}.");
        }

        Model = model;
        Options = options;
        this.train = train;
        table = new Int8NoiseTable(options.Seed, EggNoise.MaxSlice(model.Config, options.Update.Rank));
        int pairs = options.Population / 2;
        noise = new EggNoise(model, table, options.NoiseEpochOf(0), pairs, options.SequencesPerPair, options.Update);
        outcomes = new float[options.Population];
        pairFitness = new sbyte[pairs];
        accumulators = model.Parameters.Select(p => new int[p.Value.Length]).ToArray();
        updateWorkspace = new Int8UpdateWorkspace(noise.Matrices);
        stateTensors = WeightTensors(model);
    }

    /// <summary>The model being trained.</summary>
    public EggModel Model { get; }

    /// <summary>The options.</summary>
    public EggTrainingOptions Options { get; }

    /// <summary>The run kind of integer EGG language-model training, written to its checkpoints.</summary>
    public const string RunKind = "egg-lm";

    /// <inheritdoc />
    public string Kind => RunKind;

    /// <inheritdoc />
    public long Epoch { get; private set; }

    /// <inheritdoc />
    public int Population => Options.Population;

    /// <inheritdoc />
    public bool UsesPairSignsOnly => true;

    /// <inheritdoc />
    public EvaluationTally LastTally => lastTally;

    /// <inheritdoc />
    public int MemberStatisticsLength => 0;

    /// <inheritdoc />
    IEpochReport ITrainingJob.RunEpoch() => RunEpoch();

    /// <summary>Runs one epoch and returns its metrics.</summary>
    public EggEpochMetrics RunEpoch()
    {
        long start = Stopwatch.GetTimestamp();
        Evaluate(outcomes);
        Apply(outcomes);
        return Metrics(Stopwatch.GetElapsedTime(start).TotalSeconds, lastTally);
    }

    /// <summary>
    /// Evaluates every member on its pair's training sequences of the next epoch and writes the ternary pair
    /// outcomes as member scores: for pair p, score_{2p} = sign(f_{2p} − f_{2p+1}) and score_{2p+1} = −score_{2p}
    /// (the only information the update uses, exact in float32).
    /// </summary>
    public void Evaluate(Span<float> memberScores)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(memberScores.Length, Options.Population, nameof(memberScores));
        Evaluate(0, memberScores);
    }

    /// <summary>
    /// Evaluates members [<paramref name="firstMember"/>, firstMember + memberScores.Length) only, as
    /// <see cref="Evaluate(Span{float})"/> does for the whole population: the sequences, the noise and so the outcomes
    /// of a member depend on its index alone. The range must be pair-aligned; each range keeps its own buffers.
    /// </summary>
    public void Evaluate(int firstMember, Span<float> memberScores)
    {
        int count = memberScores.Length;
        if (firstMember < 0 || firstMember % 2 != 0 || count <= 0 || count % 2 != 0 || firstMember + count > Options.Population)
        {
            throw new ArgumentOutOfRangeException(nameof(firstMember), $"members [{firstMember}, {firstMember + count}) are not a pair-aligned range of a population of {Options.Population}.");
        }

        var batch = BatchOf(firstMember, count);
        int perPair = Options.SequencesPerPair;
        PairSequences.Fill<byte>(train, Options.Seed, Epoch, firstMember / 2, count / 2, perPair, Options.SequenceLength, batch.Sequences, b => b);
        noise.Load(Options.NoiseEpochOf(Epoch));
        batch.Evaluation.Loss(batch.Sequences, Options.SequenceLength, noise, batch.RowLoss);
        long loss = 0;
        for (int p = 0; p < count / 2; p++)
        {
            long plus = 0, minus = 0;
            for (int s = 0; s < perPair; s++)
            {
                plus += batch.RowLoss[(2 * p * perPair) + s];
                minus += batch.RowLoss[(((2 * p) + 1) * perPair) + s];
            }

            loss += plus + minus;
            float outcome = Math.Sign(minus - plus);
            memberScores[2 * p] = outcome;
            memberScores[(2 * p) + 1] = -outcome;
        }

        lastTally = new EvaluationTally(batch.RowLoss.Length, loss);
    }

    /// <inheritdoc />
    void IPopulationJob.Evaluate(int firstMember, Span<float> memberScores, Span<double> memberStatistics)
    {
        NoMemberStatistics.Require(memberStatistics);
        Evaluate(firstMember, memberScores);
    }

    /// <inheritdoc />
    public string? DescribeInvalidStatistics(ReadOnlySpan<double> memberStatistics) => NoMemberStatistics.DescribeInvalid(memberStatistics);

    /// <summary>Completes the epoch from the members' scores (see <see cref="Evaluate(Span{float})"/>): each matrix moves by ±1 where the pair-sign update is strong enough.</summary>
    public void Apply(ReadOnlySpan<float> memberScores) => lastUpdate = ApplyOutcomes(memberScores);

    /// <inheritdoc />
    void IPopulationJob.Apply(ReadOnlySpan<float> memberScores, ReadOnlySpan<double> memberStatistics)
    {
        NoMemberStatistics.Require(memberStatistics);
        Apply(memberScores);
    }

    /// <summary>
    /// The metrics of the epoch just completed by <see cref="Apply"/>, given its wall time and the tally of the
    /// evaluations that scored it (rows and summed loss, from which the training bits per byte follow).
    /// </summary>
    public EggEpochMetrics Metrics(double seconds, EvaluationTally tally)
    {
        long tokens = tally.Rows * Options.SequenceLength;
        double bits = tally.Loss / (double)Int8Softmax.LossScale / tokens;
        var (alpha, active, changed) = lastUpdate;
        return new EggEpochMetrics(Epoch, bits, alpha, active, changed / (double)Model.WeightCount, tokens, seconds);
    }

    /// <inheritdoc />
    IEpochReport IPopulationJob.Metrics(double seconds, EvaluationTally tally) => Metrics(seconds, tally);

    /// <inheritdoc />
    public IReadOnlyList<StateTensor> StateTensors() => stateTensors;

    /// <inheritdoc />
    public JsonObject SaveState() => new()
    {
        ["options"] = JsonSerializer.SerializeToNode(Options, JsonDefaults.Options),
        ["model"] = JsonSerializer.SerializeToNode(Model.Config, JsonDefaults.Options),
    };

    /// <inheritdoc />
    public void Restore(long epoch, JsonObject state, CheckpointTensors tensors)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        var current = SaveState();
        foreach (var (field, value) in current)
        {
            string saved = state[field]?.ToJsonString(JsonDefaults.Compact) ?? "(none)";
            string mine = value!.ToJsonString(JsonDefaults.Compact);
            if (saved != mine)
            {
                throw new CheckpointException($"the checkpoint was written with {field} {saved} but this run uses {mine}; resume with the checkpoint's config.");
            }
        }

        LoadWeights(Model, tensors);
        Epoch = epoch;
    }

    /// <summary>Copies the weights of a checkpoint's <paramref name="tensors"/> into <paramref name="model"/> (e.g. to sample from a trained model).</summary>
    /// <exception cref="CheckpointException">A weight is missing or has another shape; nothing is changed.</exception>
    public static void LoadWeights(EggModel model, CheckpointTensors tensors)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tensors);
        tensors.CopyInto(WeightTensors(model));
        foreach (var parameter in model.Parameters)
        {
            parameter.Repack();
        }
    }

    /// <inheritdoc />
    public string? DescribeDivergence() => null;

    /// <summary>
    /// Bits per byte of the unperturbed model on <paramref name="bytes"/>, cut into consecutive chunks of
    /// <paramref name="length"/> predicted bytes (each from zero state; shorter when the data is), using at most <paramref name="maxBytes"/> bytes.
    /// </summary>
    public static double BitsPerByte(EggModel model, ReadOnlySpan<byte> bytes, int length, int maxBytes)
    {
        var (data, chunks, windowLength) = ValidationWindows.Cut(bytes, length, maxBytes);
        var loss = new long[chunks];
        EggEvaluation.Loss(model, data, chunks, windowLength, null, loss);
        return loss.Sum() / (double)Int8Softmax.LossScale / ((long)chunks * windowLength);
    }

    private static StateTensor[] WeightTensors(EggModel model) =>
        model.Parameters.Select(p => StateTensor.Of(p.Name, [p.Rows, p.Cols], p.Value)).ToArray();

    private (double Alpha, int ActivePairs, long Changed) ApplyOutcomes(ReadOnlySpan<float> memberScores)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(memberScores.Length, Options.Population, nameof(memberScores));
        for (int p = 0; p < pairFitness.Length; p++)
        {
            pairFitness[p] = (sbyte)Math.Sign(memberScores[2 * p] - memberScores[(2 * p) + 1]);
        }

        noise.Load(Options.NoiseEpochOf(Epoch));
        double alpha = Options.Update.AlphaAt(Epoch);
        long changed = 0;
        int active = 0;
        for (int key = 0; key < Model.Parameters.Count; key++)
        {
            var parameter = Model.Parameters[key];
            var z = accumulators[parameter.Id];
            Array.Clear(z);
            active = Int8Update.Accumulate(noise.Matrices[parameter.Id], pairFitness, z, updateWorkspace);
            if (active > 0)
            {
                changed += Int8Update.Apply(z, Int8Update.Threshold(alpha, active, Options.Update.Rank, table.MeanSquare), parameter.Value);
                parameter.Repack();
            }
        }

        Epoch++;
        return (alpha, active, changed);
    }

    private MemberBatch BatchOf(int firstMember, int count)
    {
        if (!batches.TryGetValue((firstMember, count), out var batch))
        {
            int perPair = Options.SequencesPerPair, rows = count * perPair;
            batch = new MemberBatch(
                new EggEvaluation(Model, rows, firstMember * perPair),
                new byte[rows * (Options.SequenceLength + 1)],
                new long[rows]);
            batches[(firstMember, count)] = batch;
        }

        return batch;
    }

    /// <summary>The buffers of one member range: its rows' evaluation (their noise is the batch rows'), sequences and losses.</summary>
    private sealed record MemberBatch(EggEvaluation Evaluation, byte[] Sequences, long[] RowLoss);
}
