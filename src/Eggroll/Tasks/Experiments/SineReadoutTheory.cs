namespace Eggroll.Tasks.Experiments;

/// <summary>
/// The exact expected update of a <see cref="ReadoutKind.Sine"/> fitness. Row j of an EGGROLL
/// perturbation is (1/√r)·B·a_j with a_j the j-th row of A: given a_j it is Gaussian with
/// variance s = ‖a_j‖²/r ~ χ²_r/r per element, and rows of W other than j contribute nothing
/// in expectation. Stein's lemma then gives E[ĝ_r] row j = E_s[s·∇g_{σ√s}], where g_τ is the
/// Gaussian smoothing of the row's fitness. For sin, ∇g_τ = 1/K·Σ_k v_kj·cos(x_k·w_j)·e^{−τ²‖x_k‖²/2}·x_k,
/// so with a_k = σ²‖x_k‖²/2 the factor e^{−a_k} of full-rank ES becomes E[s·e^{−s·a_k}] = (1 + 2a_k/r)^{−r/2−1},
/// whose relative gap is (a_k² − 2a_k)/r + O(1/r²).
/// </summary>
internal static class SineReadoutTheory
{
    /// <summary>The expected update of the objective's weight for rank <paramref name="rank"/>, or of full-rank ES when null.</summary>
    public static double[] ExpectedUpdate(ReadoutObjective objective, double sigma, int? rank)
    {
        if (objective.Kind != ReadoutKind.Sine)
        {
            throw new ArgumentException("Only the sine fitness has a closed-form expected update.", nameof(objective));
        }

        var weight = objective.Weight;
        int m = weight.Rows, n = weight.Cols, rows = objective.InputRows;
        var update = new double[m * n];
        for (int k = 0; k < rows; k++)
        {
            var x = objective.Inputs.Slice(k * n, n);
            double squaredNorm = 0;
            foreach (float value in x)
            {
                squaredNorm += (double)value * value;
            }

            double a = sigma * sigma * squaredNorm / 2;
            double smoothing = rank is int r ? Math.Pow(1 + 2 * a / r, -r / 2.0 - 1) : Math.Exp(-a);
            for (int j = 0; j < m; j++)
            {
                double z = 0;
                for (int i = 0; i < n; i++)
                {
                    z += (double)weight.Value[j * n + i] * x[i];
                }

                double coefficient = objective.Readout[k * m + j] * Math.Cos(z) * smoothing / rows;
                for (int i = 0; i < n; i++)
                {
                    update[j * n + i] += coefficient * x[i];
                }
            }
        }

        return update;
    }
}
