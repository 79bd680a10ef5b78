using Eggroll.Models.Rwkv;
using Eggroll.Noise;
using Eggroll.Population;
using Eggroll.Training;

namespace Eggroll.Tasks.Language.Rwkv;

/// <summary>
/// ES fine-tuning: fitness of a member = mean teacher-forced log-probability (nats) of the target tokens of its
/// pair's examples given their prompts. Every epoch each pair draws <see cref="ExamplesPerPair"/> examples (with
/// replacement) from (seed, epoch, pair); both members of a pair see the same ones.
/// </summary>
public sealed class RwkvFineTuningObjective : IObjective
{
    private readonly RwkvModel model;
    private readonly IReadOnlyList<FineTuningExample> examples;
    private readonly int length;

    /// <summary>Creates the objective; every example needs a prompt and a target of at least one token inside the vocabulary.</summary>
    public RwkvFineTuningObjective(RwkvModel model, IReadOnlyList<FineTuningExample> examples, int examplesPerPair)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentOutOfRangeException.ThrowIfLessThan(examplesPerPair, 1);
        if (examples.Count == 0)
        {
            throw new ArgumentException("Fine-tuning needs at least one example.", nameof(examples));
        }

        for (int i = 0; i < examples.Count; i++)
        {
            var example = examples[i];
            if (example.Prompt.Length == 0 || example.Target.Length == 0)
            {
                throw new ArgumentException($"Example {i} needs a prompt and a target of at least one token each.", nameof(examples));
            }

            if (example.Prompt.Concat(example.Target).Any(t => (uint)t >= (uint)model.Config.Vocabulary))
            {
                throw new ArgumentException($"Example {i} has a token outside the vocabulary of {model.Config.Vocabulary}.", nameof(examples));
            }
        }

        this.model = model;
        this.examples = examples;
        ExamplesPerPair = examplesPerPair;
        length = examples.Max(e => e.Prompt.Length + e.Target.Length) - 1;
    }

    /// <summary>Examples each antithetic pair is scored on per epoch.</summary>
    public int ExamplesPerPair { get; }

    /// <inheritdoc/>
    public void Evaluate(PopulationEvaluation evaluation, Span<float> scores)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        int members = evaluation.MemberCount, perPair = ExamplesPerPair, rows = members * perPair;
        var drawn = new FineTuningExample[rows];
        var sequences = new int[rows * (length + 1)];
        for (int m = 0; m < members; m++)
        {
            for (int s = 0; s < perPair; s++)
            {
                int row = (m * perPair) + s;
                drawn[row] = examples[CounterRandom.NextInt(evaluation.Seed, (uint)evaluation.Epoch, (uint)(((m / 2) * perPair) + s), examples.Count)];
                drawn[row].Prompt.CopyTo(sequences, row * (length + 1));
                drawn[row].Target.CopyTo(sequences, (row * (length + 1)) + drawn[row].Prompt.Length);
            }
        }

        var logProbs = new float[rows * length];
        RwkvSequenceScorer.LogProbs(model, sequences, length, evaluation.CreateContext(MemberRows.Uniform(members, perPair)), logProbs);
        for (int m = 0; m < members; m++)
        {
            double sum = 0;
            long count = 0;
            for (int s = 0; s < perPair; s++)
            {
                int row = (m * perPair) + s;
                var example = drawn[row];
                foreach (float x in logProbs.AsSpan((row * length) + example.Prompt.Length - 1, example.Target.Length))
                {
                    sum += x;
                }

                count += example.Target.Length;
            }

            scores[m] = (float)(sum / count);
        }
    }
}
