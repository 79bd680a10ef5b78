using Eggroll.Models;
using Eggroll.Noise;
using Eggroll.Numerics;
using Eggroll.Population;

namespace Eggroll.Tasks.Supervised;

/// <summary>
/// Fitness = −(mean loss) of each member on a minibatch. Every epoch draws
/// <see cref="RowsPerMember"/> examples (with replacement) from (seed, epoch); all members
/// see the same examples, so they differ only by their noise. The whole population is one
/// batch of N·T rows.
/// </summary>
public sealed class SupervisedObjective : IObjective
{
    private readonly Model model;
    private readonly SupervisedDataset data;
    private readonly Action<int> copyMemberRows;
    private readonly Action<int> scoreMember;
    private Matrix? batch;
    private Matrix? output;
    private int[] sample = [];
    private float[] memberScores = [];
    private MemberRows? layout;

    /// <summary>Creates the objective over <paramref name="data"/> for <paramref name="model"/>.</summary>
    public SupervisedObjective(Model model, SupervisedDataset data, int rowsPerMember)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rowsPerMember, 1);
        if (model.Root.InputSize != data.Inputs.Cols || model.Root.OutputSize != data.OutputSize)
        {
            throw new ArgumentException($"Model maps {model.Root.InputSize}→{model.Root.OutputSize} but the data needs {data.Inputs.Cols}→{data.OutputSize}.", nameof(data));
        }

        this.model = model;
        this.data = data;
        RowsPerMember = rowsPerMember;
        copyMemberRows = CopyMemberRows;
        scoreMember = ScoreMember;
    }

    /// <summary>Examples each member is scored on per epoch (T).</summary>
    public int RowsPerMember { get; }

    /// <inheritdoc/>
    public void Evaluate(PopulationEvaluation evaluation, Span<float> scores)
    {
        int members = evaluation.MemberCount, t = RowsPerMember, width = data.Inputs.Cols;
        if (sample.Length != t)
        {
            sample = new int[t];
        }

        for (int i = 0; i < t; i++)
        {
            sample[i] = CounterRandom.NextInt(evaluation.Seed, (uint)evaluation.Epoch, (uint)i, data.Count);
        }

        batch = Matrix.Reuse(batch, members * t, width);
        Parallelism.For(members, copyMemberRows);
        if (layout is null || layout.MemberCount != members || layout.FirstMember != evaluation.FirstMember)
        {
            layout = MemberRows.Uniform(members, t, evaluation.FirstMember);
            memberScores = new float[members];
        }

        output = model.Forward(batch, evaluation.CreateContext(layout));
        Parallelism.For(members, scoreMember);
        output = null;
        memberScores.CopyTo(scores);
    }

    private void CopyMemberRows(int member)
    {
        int t = RowsPerMember;
        for (int i = 0; i < t; i++)
        {
            data.Inputs.Row(sample[i]).CopyTo(batch!.Row((member * t) + i));
        }
    }

    private void ScoreMember(int member)
    {
        int t = RowsPerMember;
        float loss = 0f;
        for (int i = 0; i < t; i++)
        {
            loss += SupervisedLossFunctions.RowLoss(data.Loss, output!.Row((member * t) + i), data.Targets.Row(sample[i]));
        }

        memberScores[member] = -loss / t;
    }
}
