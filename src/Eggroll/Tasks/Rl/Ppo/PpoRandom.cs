using Eggroll.Noise;

namespace Eggroll.Tasks.Rl.Ppo;

/// <summary>
/// The randomness of a PPO run, stateless: value (purpose, stream, index) is one Philox4x32-10 block with
/// key = run seed and counter = (index, stream, tag, purpose). Streams are epochs (actions), passes over a
/// rollout (minibatch order) or layers (initialisation), so a resumed run draws the same numbers.
/// </summary>
internal static class PpoRandom
{
    /// <summary>What the numbers are for; each purpose is its own family of streams.</summary>
    public enum Purpose : uint
    {
        /// <summary>Orthogonal initialisation of a layer (stream = layer).</summary>
        Initialization = 1,

        /// <summary>Sampling actions (stream = epoch, index = step·envs + env).</summary>
        Action = 2,

        /// <summary>Shuffling the rollout (stream = pass, index = position).</summary>
        Shuffle = 3,
    }

    private const uint Tag = 0x50504F00;

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public static double Uniform(ulong seed, Purpose purpose, uint stream, uint index)
    {
        var (x0, x1, _, _) = Block(seed, purpose, stream, index);
        return ((((ulong)x1 << 32) | x0) >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>A standard normal value (Box–Muller on the block's two 64-bit halves).</summary>
    public static double Normal(ulong seed, Purpose purpose, uint stream, uint index)
    {
        var (x0, x1, x2, x3) = Block(seed, purpose, stream, index);
        double u1 = (((((ulong)x1 << 32) | x0) >> 11) + 1) * (1.0 / (1UL << 53));
        double u2 = ((((ulong)x3 << 32) | x2) >> 11) * (1.0 / (1UL << 53));
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>An integer in [0, <paramref name="exclusiveMax"/>) (64 random bits times n, high half).</summary>
    public static int Below(ulong seed, Purpose purpose, uint stream, uint index, int exclusiveMax)
    {
        var (x0, x1, _, _) = Block(seed, purpose, stream, index);
        return (int)Math.BigMul(((ulong)x1 << 32) | x0, (ulong)exclusiveMax, out _);
    }

    private static (uint, uint, uint, uint) Block(ulong seed, Purpose purpose, uint stream, uint index) =>
        Philox.Block((uint)seed, (uint)(seed >> 32), index, stream, Tag, (uint)purpose);
}
