using System.Numerics.Tensors;
using Eggroll.Numerics;

namespace Eggroll.Models.Backward;

/// <summary>The backward pass of <see cref="Embedding"/>: each output row's gradient is added to its token's table row.</summary>
public static class EmbeddingBackward
{
    /// <summary>Writes dTable (vocabulary×width): zero, then row i of <paramref name="outputGradient"/> added to row tokens[i], in row order.</summary>
    public static void Run(Embedding embedding, ReadOnlySpan<int> tokens, Matrix outputGradient, Span<float> tableGradient)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        ArgumentNullException.ThrowIfNull(outputGradient);
        int width = embedding.Width;
        if (outputGradient.Rows != tokens.Length || outputGradient.Cols != width || tableGradient.Length < embedding.Table.Count)
        {
            throw new ArgumentException($"Embedding backward needs a {tokens.Length}×{width} output gradient and a table gradient of {embedding.Table.Count} values.", nameof(outputGradient));
        }

        tableGradient[..embedding.Table.Count].Clear();
        for (int i = 0; i < tokens.Length; i++)
        {
            if ((uint)tokens[i] >= (uint)embedding.VocabularySize)
            {
                throw new ArgumentOutOfRangeException(nameof(tokens), tokens[i], $"Token at row {i} is outside the vocabulary of {embedding.VocabularySize}.");
            }

            var row = tableGradient.Slice(tokens[i] * width, width);
            TensorPrimitives.Add(row, outputGradient.Row(i), row);
        }
    }
}
