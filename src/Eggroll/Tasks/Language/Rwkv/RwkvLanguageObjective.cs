using Eggroll.Models.Rwkv;
using Eggroll.Population;
using Eggroll.Training;

namespace Eggroll.Tasks.Language.Rwkv;

/// <summary>
/// Fitness of a member = its mean next-byte log-likelihood (nats) over its pair's training windows of the epoch
/// (<see cref="PairSequences"/>): the whole population is one batch of N·perPair sequences stepped together.
/// </summary>
public sealed class RwkvLanguageObjective : IObjective
{
    private readonly RwkvModel model;
    private readonly byte[] train;
    private int[] sequences = [];
    private float[] logProbs = [];

    /// <summary>Creates the objective over the training bytes <paramref name="train"/>.</summary>
    public RwkvLanguageObjective(RwkvModel model, byte[] train, int sequencesPerPair, int sequenceLength)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequencesPerPair, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequenceLength, 1);
        if (train.Length < sequenceLength + 2)
        {
            throw new ConfigException("training.sequenceLength", $"{sequenceLength} needs at least {sequenceLength + 2} training bytes, got {train.Length}.");
        }

        this.model = model;
        this.train = train;
        SequencesPerPair = sequencesPerPair;
        SequenceLength = sequenceLength;
    }

    /// <summary>Training windows per antithetic pair.</summary>
    public int SequencesPerPair { get; }

    /// <summary>Bytes predicted per window.</summary>
    public int SequenceLength { get; }

    /// <inheritdoc/>
    public void Evaluate(PopulationEvaluation evaluation, Span<float> scores)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        int members = evaluation.MemberCount, perPair = SequencesPerPair, length = SequenceLength;
        int rows = members * perPair;
        if (sequences.Length != rows * (length + 1))
        {
            sequences = new int[rows * (length + 1)];
            logProbs = new float[rows * length];
        }

        PairSequences.Fill<int>(train, evaluation.Seed, evaluation.Epoch, members / 2, perPair, length, sequences, b => b);
        RwkvSequenceScorer.LogProbs(model, sequences, length, evaluation.CreateContext(MemberRows.Uniform(members, perPair)), logProbs);
        int perMember = perPair * length;
        for (int m = 0; m < members; m++)
        {
            double sum = 0;
            foreach (float x in logProbs.AsSpan(m * perMember, perMember))
            {
                sum += x;
            }

            scores[m] = (float)(sum / perMember);
        }
    }
}
