using Eggroll.Numerics;
using Eggroll.Population.Strategies;

namespace Eggroll.Population;

/// <summary>
/// What a layer needs to run a population batch: which rows belong to which member and,
/// during training, the <see cref="IEvolutionStrategy"/> perturbing the population. Without a perturbation
/// (evaluation mode) the same code path runs the unperturbed model.
/// </summary>
public sealed class ForwardContext
{
    private PopulationRowTerms? unperturbedTerms;

    /// <summary>Creates a context; <paramref name="perturbation"/> null means evaluation mode.</summary>
    public ForwardContext(MemberRows rows, IEvolutionStrategy? perturbation)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (perturbation is not null && (long)rows.FirstMember + rows.MemberCount > perturbation.MemberCount)
        {
            throw new ArgumentException($"Batch has members [{rows.FirstMember}, {(long)rows.FirstMember + rows.MemberCount}) but the perturbation covers {perturbation.MemberCount}.", nameof(rows));
        }

        Rows = rows;
        Perturbation = perturbation;
    }

    /// <summary>An evaluation-mode context: <paramref name="rowCount"/> rows, no noise.</summary>
    public static ForwardContext Unperturbed(int rowCount) => new(MemberRows.Uniform(1, rowCount), null);

    /// <summary>The row-to-member layout.</summary>
    public MemberRows Rows { get; }

    /// <summary>The strategy perturbing the population, its noise epoch loaded, or null in evaluation mode.</summary>
    public IEvolutionStrategy? Perturbation { get; }

    /// <summary>
    /// y = x·Wᵀ + b for every row, with each member's perturbation of W and b in training: one
    /// shared matrix product plus per-row terms added while the output is in cache.
    /// </summary>
    public void LinearForward(Parameter weight, Parameter? bias, Matrix x, Matrix y)
    {
        if (Perturbation is not null)
        {
            Perturbation.LinearForward(weight, bias, x, y, Rows);
            return;
        }

        unperturbedTerms ??= new PopulationRowTerms();
        unperturbedTerms.Reset(weight.Rows, null);
        if (bias is not null)
        {
            unperturbedTerms.SetBias(bias.Value);
        }

        Gemm.Multiply(Transpose.No, Transpose.Yes, x.Rows, weight.Rows, weight.Cols, 1f, x.Data, weight.Cols, weight.Value, weight.Cols, 0f, y.Data, weight.Rows, unperturbedTerms);
    }

    /// <summary>For layers that compute x·Wᵀ themselves: adds each member's matrix perturbation, y_t += x_t·(σE_t)ᵀ.</summary>
    public void AddMatrixNoise(Parameter weight, Matrix x, Matrix y) => Perturbation?.AddMatrixNoise(weight, x, y, Rows);

    /// <summary>Adds each member's perturbation of the looked-up embedding rows.</summary>
    public void AddEmbeddingNoise(Parameter table, ReadOnlySpan<int> tokens, Matrix y) => Perturbation?.AddEmbeddingNoise(table, tokens, y, Rows);

    /// <summary>Writes batch member <paramref name="member"/>'s value of <paramref name="vector"/> into <paramref name="destination"/>.</summary>
    public void VectorForMember(Parameter vector, int member, Span<float> destination)
    {
        if (Perturbation is null || vector.Frozen)
        {
            vector.Value.CopyTo(destination);
            return;
        }

        Perturbation.PerturbedVector(vector, Rows.FirstMember + member, destination);
    }
}
