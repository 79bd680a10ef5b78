using Eggroll.Numerics.Int8;

namespace Eggroll.Population.Strategies;

/// <summary>
/// The buffers of <see cref="Int8Update.Accumulate"/>: the fitness-signed factors of all pairs side by side and their
/// packed copy, sized once for the largest of a set of matrices so that every update after it allocates nothing.
/// </summary>
public sealed class Int8UpdateWorkspace
{
    /// <summary>Sizes the buffers for every matrix of <paramref name="matrices"/>, with all of its pairs active.</summary>
    /// <exception cref="ArgumentException">The list is empty.</exception>
    public Int8UpdateWorkspace(IReadOnlyList<Int8MatrixNoise> matrices)
    {
        ArgumentNullException.ThrowIfNull(matrices);
        if (matrices.Count == 0)
        {
            throw new ArgumentException("An update workspace needs at least one matrix.", nameof(matrices));
        }

        int columns = matrices.Max(m => m.Pairs * m.Rank), outputs = matrices.Max(m => m.Outputs), inputs = matrices.Max(m => m.Inputs);
        Left = new sbyte[checked(outputs * columns)];
        Right = new sbyte[checked(inputs * columns)];
        Packed = new Int8PackedMatrix(inputs, columns);
    }

    /// <summary>F_p·A_pq of the active pairs as the columns of an outputs × (active pairs · rank) matrix.</summary>
    internal sbyte[] Left { get; }

    /// <summary>B_pq of the active pairs as the columns of an inputs × (active pairs · rank) matrix.</summary>
    internal sbyte[] Right { get; }

    /// <summary><see cref="Right"/> packed for <see cref="Int8Gemm"/>.</summary>
    internal Int8PackedMatrix Packed { get; }
}
