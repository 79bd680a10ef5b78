using Eggroll.Tasks.Rl;

namespace Eggroll.Mujoco;

/// <summary>
/// Gymnasium's reset noise of a MuJoCo task: every coordinate of qpos gets U(−Scale, Scale) added; every
/// velocity gets U(−Scale, Scale) or, with <see cref="GaussianVelocities"/>, Scale·N(0, 1). The draws are
/// values of <see cref="EpisodeRandom.Uniform"/> of the episode seed: qpos[i] uses index i, a uniform
/// qvel[j] index nq + j, and a Gaussian qvel[j] indices nq + 2j and nq + 2j + 1 (Box–Muller).
/// </summary>
/// <param name="Scale">The noise scale (Gymnasium's <c>reset_noise_scale</c>).</param>
/// <param name="GaussianVelocities">Velocities get normal rather than uniform noise.</param>
public readonly record struct ResetNoise(double Scale, bool GaussianVelocities)
{
    /// <summary>Adds the noise of episode <paramref name="seed"/> to <paramref name="positions"/> and <paramref name="velocities"/>.</summary>
    public void Apply(ulong seed, Span<double> positions, Span<double> velocities)
    {
        uint nq = (uint)positions.Length;
        for (int i = 0; i < positions.Length; i++)
        {
            positions[i] += EpisodeRandom.Uniform(seed, (uint)i, -Scale, Scale);
        }

        for (int j = 0; j < velocities.Length; j++)
        {
            velocities[j] += GaussianVelocities
                ? Scale * StandardNormal(seed, nq + (2 * (uint)j))
                : EpisodeRandom.Uniform(seed, nq + (uint)j, -Scale, Scale);
        }
    }

    private static double StandardNormal(ulong seed, uint index)
    {
        double u1 = 1 - EpisodeRandom.Uniform(seed, index, 0, 1);
        double u2 = EpisodeRandom.Uniform(seed, index + 1, 0, 1);
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
