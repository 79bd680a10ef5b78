using Eggroll.Noise;
using Eggroll.Population.Strategies;

namespace Eggroll.Tests.Integer;

/// <summary>The integer update of docs/algorithm.md §4.5, computed by hand.</summary>
public class Int8UpdateTests
{
    [Fact]
    public void Update_moves_by_one_towards_the_sign_of_z_above_the_threshold_and_clips()
    {
        int[] z = [5, -5, 3, -100, 100, 4];
        sbyte[] w = [0, 127, -127, -127, 127, 9];

        int changed = Int8Update.Apply(z, threshold: 4, w);

        Assert.Equal([1, 126, -127, -127, 127, 9], w.Select(v => (int)v));
        Assert.Equal(2, changed);
    }

    [Fact]
    public void Threshold_is_the_quantile_times_mean_square_times_root_pairs()
    {
        // z_{1−0.05/2} = 1.959964; m = 256; P·r = 4 → ⌊1.959964 · 256 · 2⌋ = ⌊1003.49⌋.
        Assert.Equal(1003, Int8Update.Threshold(0.05, activePairs: 2, rank: 2, meanSquare: 256));
    }

    [Fact]
    public void Update_of_a_tiny_matrix_equals_the_hand_computed_one()
    {
        // W is 2×3, rank 1, three pairs with fitness +1, −1, 0 (the third pair is ignored).
        var table = new Int8NoiseTable(seed: 3, maxSlice: 5, offsets: 64);
        var noise = new Int8MatrixNoise(table, parameterKey: 0, noiseEpoch: 0, pairs: 3, rank: 1, outputs: 2, inputs: 3, sigmaShift: 0, rowsPerMember: 1);
        sbyte[] fitness = [1, -1, 0];
        var z = new int[6];

        int active = Int8Update.Accumulate(noise, fitness, z, new Int8UpdateWorkspace([noise]));

        Assert.Equal(2, active);
        for (int j = 0; j < 2; j++)
        {
            for (int k = 0; k < 3; k++)
            {
                int expected = (noise.A(0, 0)[j] * noise.B(0, 0)[k]) - (noise.A(1, 0)[j] * noise.B(1, 0)[k]);
                Assert.Equal(expected, z[(j * 3) + k]);
            }
        }

        sbyte[] w = [10, 10, 10, -10, -10, -10];
        long tau = Int8Update.Threshold(0.5, active, 1, table.MeanSquare);
        Int8Update.Apply(z, tau, w);
        for (int i = 0; i < 6; i++)
        {
            int expected = (i < 3 ? 10 : -10) + (Math.Abs(z[i]) > tau ? Math.Sign(z[i]) : 0);
            Assert.Equal(expected, w[i]);
        }
    }
}
