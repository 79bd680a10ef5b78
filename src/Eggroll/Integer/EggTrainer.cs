using System.Diagnostics;
using Eggroll.Numerics;

namespace Eggroll.Integer;

/// <summary>
/// Integer-only EGGROLL pre-training of an <see cref="EggModel"/> (docs/algorithm.md §4). One epoch: every pair draws
/// its training sequences; all members × sequences run as one batch (member t adds its pair's
/// low-rank noise with sign ±1); pair fitness F_p = sign(f_{2p} − f_{2p+1}) with f = −(summed loss);
/// each matrix moves by ±1 where |Σ_p F_p A_p B_pᵀ| exceeds the threshold of <see cref="Int8Update"/>.
/// Everything is a function of (seed, epoch), so a run resumes from the weights and the epoch alone.
/// </summary>
public sealed class EggTrainer
{
    private readonly byte[] train;
    private readonly Int8NoiseTable table;

    /// <summary>Prepares training of <paramref name="model"/> on <paramref name="train"/>, continuing at <paramref name="epoch"/>.</summary>
    /// <exception cref="ConfigException">An option is out of range or the data is shorter than one sequence.</exception>
    public EggTrainer(EggModel model, byte[] train, EggTrainingOptions options, long epoch = 0)
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
        Epoch = epoch;
        this.train = train;
        table = new Int8NoiseTable(options.Seed, EggNoise.MaxSlice(model.Config, options.Update.Rank));
    }

    /// <summary>The model being trained.</summary>
    public EggModel Model { get; }

    /// <summary>The options.</summary>
    public EggTrainingOptions Options { get; }

    /// <summary>The next epoch to run.</summary>
    public long Epoch { get; private set; }

    /// <summary>Runs one epoch and returns its metrics.</summary>
    public EggEpochMetrics Step()
    {
        var clock = Stopwatch.StartNew();
        int pairs = Options.Population / 2, perPair = Options.SequencesPerPair, length = Options.SequenceLength;
        int rows = Options.Population * perPair;
        var noise = new EggNoise(Model, table, Options.NoiseEpochOf(Epoch), pairs, perPair, Options.Update);
        var sequences = Sequences(pairs, perPair, length);
        var rowLoss = new long[rows];
        EggEvaluation.Loss(Model, sequences, rows, length, noise, rowLoss);

        var pairFitness = new sbyte[pairs];
        for (int p = 0; p < pairs; p++)
        {
            long plus = 0, minus = 0;
            for (int s = 0; s < perPair; s++)
            {
                plus += rowLoss[(2 * p * perPair) + s];
                minus += rowLoss[(((2 * p) + 1) * perPair) + s];
            }

            pairFitness[p] = (sbyte)Math.Sign(minus - plus);
        }

        double alpha = Options.Update.AlphaAt(Epoch);
        long changed = 0;
        int active = 0;
        foreach (var parameter in Model.Parameters)
        {
            var z = new int[parameter.Values.Length];
            active = Int8Update.Accumulate(noise.Matrices[parameter.Key], pairFitness, z);
            if (active > 0)
            {
                changed += Int8Update.Apply(z, Int8Update.Threshold(alpha, active, Options.Update.Rank, table.MeanSquare), parameter.Values);
                parameter.Repack();
            }
        }

        long tokens = (long)rows * length;
        double bits = rowLoss.Sum() / (double)Int8Softmax.LossScale / tokens;
        var metrics = new EggEpochMetrics(Epoch, bits, alpha, active, changed / (double)Model.WeightCount, tokens, clock.Elapsed.TotalSeconds);
        Epoch++;
        return metrics;
    }

    /// <summary>
    /// Bits per byte of the unperturbed model on <paramref name="bytes"/>, cut into consecutive chunks of
    /// <paramref name="length"/> predicted bytes (each from zero state; shorter when the data is), using at most <paramref name="maxBytes"/> bytes.
    /// </summary>
    public static double BitsPerByte(EggModel model, ReadOnlySpan<byte> bytes, int length, int maxBytes)
    {
        int available = Math.Min(bytes.Length, maxBytes) - 1;
        if (available < 1)
        {
            throw new ArgumentException($"{bytes.Length} bytes hold nothing to predict.", nameof(bytes));
        }

        length = Math.Min(length, available);
        int chunks = available / length;

        var data = new byte[chunks * (length + 1)];
        for (int c = 0; c < chunks; c++)
        {
            bytes.Slice(c * length, length + 1).CopyTo(data.AsSpan(c * (length + 1)));
        }

        var loss = new long[chunks];
        EggEvaluation.Loss(model, data, chunks, length, null, loss);
        return loss.Sum() / (double)Int8Softmax.LossScale / ((long)chunks * length);
    }

    private byte[] Sequences(int pairs, int perPair, int length)
    {
        var data = new byte[pairs * 2 * perPair * (length + 1)];
        for (int p = 0; p < pairs; p++)
        {
            for (int s = 0; s < perPair; s++)
            {
                int start = CounterRandom.NextInt(Options.Seed, (uint)Epoch, (uint)((p * perPair) + s), train.Length - length);
                var source = train.AsSpan(start, length + 1);
                source.CopyTo(data.AsSpan(((2 * p * perPair) + s) * (length + 1)));
                source.CopyTo(data.AsSpan(((((2 * p) + 1) * perPair) + s) * (length + 1)));
            }
        }

        return data;
    }
}
