using Eggroll.Models.Rwkv;
using Eggroll.Population;
using Eggroll.Training;

namespace Eggroll.Tasks.Language.Rwkv;

/// <summary>
/// Fitness of a member = its mean next-byte log-likelihood (nats) over its pair's training windows of the epoch
/// (<see cref="PairSequences"/>): the members evaluated (the whole population, or a pair-aligned range of it) are one
/// batch of members·perPair sequences stepped together. A member's windows and noise follow from its population index,
/// so a range scores its members exactly as the whole population does.
/// </summary>
public sealed class RwkvLanguageObjective : IObjective
{
    private readonly RwkvModel model;
    private readonly byte[] train;
    private int[] sequences = [];
    private float[] logProbs = [];
    private MemberRows? layout;

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
        int members = evaluation.MemberCount, first = evaluation.FirstMember, perPair = SequencesPerPair, length = SequenceLength;
        int rows = members * perPair;
        if (sequences.Length != rows * (length + 1))
        {
            sequences = new int[rows * (length + 1)];
            logProbs = new float[rows * length];
        }

        if (layout is null || layout.MemberCount != members || layout.FirstMember != first)
        {
            layout = MemberRows.Uniform(members, perPair, first);
        }

        PairSequences.Fill<int>(train, evaluation.Seed, evaluation.Epoch, first / 2, members / 2, perPair, length, sequences, b => b);
        RwkvSequenceScorer.LogProbs(model, sequences, length, evaluation.CreateContext(layout), logProbs);
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
