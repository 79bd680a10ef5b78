namespace Eggroll.Models;

/// <summary>Factory for multi-layer perceptrons: Linear layers with an activation between them (none after the last).</summary>
public static class Mlp
{
    /// <summary>
    /// Builds an MLP through the widths <paramref name="sizes"/> (input, hidden..., output),
    /// initialised from <paramref name="seed"/>.
    /// </summary>
    public static Sequential Create(IReadOnlyList<int> sizes, ActivationKind activation, int seed, bool bias = true)
    {
        if (sizes.Count < 2 || sizes.Any(s => s < 1))
        {
            throw new ArgumentException("An MLP needs at least an input and an output width, all ≥ 1.", nameof(sizes));
        }

        var random = new Random(seed);
        var layers = new List<ILayer>();
        for (int i = 0; i + 1 < sizes.Count; i++)
        {
            layers.Add(new Linear(sizes[i], sizes[i + 1], random, bias));
            if (i + 2 < sizes.Count)
            {
                layers.Add(new Activation(activation, sizes[i + 1]));
            }
        }

        return new Sequential([.. layers]);
    }
}
