using Eggroll.Noise;
using Eggroll.Population;
using Eggroll.Population.Strategies;

namespace Eggroll.Models.Egg;

/// <summary>One epoch's noise of every matrix of an <see cref="EggModel"/>, in parameter order.</summary>
public sealed class EggNoise
{
    /// <summary>Builds the noise of (<paramref name="noiseEpoch"/>) for <paramref name="pairs"/> pairs.</summary>
    public EggNoise(EggModel model, Int8NoiseTable table, uint noiseEpoch, int pairs, int rowsPerMember, Int8UpdateOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        Matrices = model.Parameters
            .Select(p => new Int8MatrixNoise(table, (uint)p.Id, noiseEpoch, pairs, options.Rank, p.Rows, p.Cols, options.SigmaShift, rowsPerMember))
            .ToArray();
    }

    /// <summary>Noise of each parameter, indexed by <see cref="Int8Parameter.Id"/>.</summary>
    public IReadOnlyList<Int8MatrixNoise> Matrices { get; }

    /// <summary>Switches every matrix to the noise of <paramref name="noiseEpoch"/> in place (no allocation).</summary>
    public void Load(uint noiseEpoch)
    {
        for (int key = 0; key < Matrices.Count; key++)
        {
            Matrices[key].Load(noiseEpoch);
        }
    }

    /// <summary>Longest slice any parameter of <paramref name="config"/> needs at rank <paramref name="rank"/>.</summary>
    public static int MaxSlice(EggConfig config, int rank) => EggModel.Shapes(config).Max(s => rank * (s.Rows + s.Columns));
}
