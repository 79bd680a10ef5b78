namespace Eggroll.Models.Rwkv;

/// <summary>
/// Which parts of an RWKV-7 model evolve. Every matrix of the blocks (projections and adapters) always does;
/// by default, as the EGGROLL authors fine-tune RWKV, the vectors, the embedding and the head are frozen.
/// </summary>
/// <param name="Vectors">Whether the norms, token-shift mixes, biases and the other vectors evolve.</param>
/// <param name="Embedding">Whether emb.weight evolves.</param>
/// <param name="Head">Whether head.weight evolves.</param>
public sealed record RwkvEvolution(bool Vectors = false, bool Embedding = false, bool Head = false)
{
    /// <summary>Block matrices only.</summary>
    public static RwkvEvolution Default { get; } = new();
}
