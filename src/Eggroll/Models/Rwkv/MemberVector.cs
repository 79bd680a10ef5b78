using Eggroll.Population;

namespace Eggroll.Models.Rwkv;

/// <summary>
/// A vector parameter as each batch row's member sees it: the parameter itself when it is frozen or there
/// is no perturbation, otherwise the member's perturbed copy, drawn once per <see cref="Load"/>.
/// </summary>
internal sealed class MemberVector(Parameter parameter)
{
    private float[] perMember = [];
    private int[]? memberOfRow;
    private int firstMember;

    /// <summary>The vector parameter.</summary>
    public Parameter Parameter { get; } = parameter;

    /// <summary>Prepares the members' values for a forward pass in <paramref name="context"/>.</summary>
    public void Load(ForwardContext context)
    {
        if (context.Perturbation is null || Parameter.Frozen)
        {
            memberOfRow = null;
            return;
        }

        int n = Parameter.Count, members = context.Rows.MemberCount;
        if (perMember.Length < members * n)
        {
            perMember = new float[members * n];
        }

        for (int t = 0; t < members; t++)
        {
            context.VectorForMember(Parameter, t, perMember.AsSpan(t * n, n));
        }

        memberOfRow = context.Rows.MemberOfRow();
        firstMember = context.Rows.FirstMember;
    }

    /// <summary>The value seen by batch row <paramref name="row"/>: its population member's copy, stored at that member's place in the batch.</summary>
    public ReadOnlySpan<float> ForRow(int row) =>
        memberOfRow is null ? Parameter.Value : perMember.AsSpan((memberOfRow[row] - firstMember) * Parameter.Count, Parameter.Count);
}
