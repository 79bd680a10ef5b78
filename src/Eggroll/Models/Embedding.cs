using Eggroll.Numerics;
using Eggroll.Population;

namespace Eggroll.Models;

/// <summary>
/// A lookup table (vocabulary×width): row i of the output is the table row of token i.
/// Under EGGROLL member t sees the row W[x] + s_t(σ/√r)·A_p[x]·B_pᵀ.
/// </summary>
public sealed class Embedding
{
    private Matrix? output;

    /// <summary>Creates the table with entries ~ N(0, 1)·<paramref name="scale"/> drawn from <paramref name="random"/>.</summary>
    public Embedding(int vocabularySize, int width, Random random, float scale = 1f)
    {
        Table = new Parameter("table", ParameterKind.Embedding, vocabularySize, width);
        for (int i = 0; i < Table.Count; i++)
        {
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            Table.Value[i] = scale * (float)(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
    }

    /// <summary>The table, vocabulary×width.</summary>
    public Parameter Table { get; }

    /// <summary>Number of distinct tokens.</summary>
    public int VocabularySize => Table.Rows;

    /// <summary>Width of each embedding row.</summary>
    public int Width => Table.Cols;

    /// <summary>The table as a named parameter.</summary>
    public IEnumerable<NamedParameter> NamedParameters()
    {
        yield return new("table", Table);
    }

    /// <summary>Looks up one row per token; <paramref name="tokens"/> has one entry per batch row.</summary>
    public Matrix Forward(ReadOnlySpan<int> tokens, ForwardContext context)
    {
        if (tokens.Length != context.Rows.RowCount)
        {
            throw new ArgumentException($"Got {tokens.Length} tokens for a batch of {context.Rows.RowCount} rows.", nameof(tokens));
        }

        output = Matrix.Reuse(output, tokens.Length, Width);
        for (int i = 0; i < tokens.Length; i++)
        {
            int token = tokens[i];
            if ((uint)token >= (uint)VocabularySize)
            {
                throw new ArgumentOutOfRangeException(nameof(tokens), token, $"Token at row {i} is outside the vocabulary of {VocabularySize}.");
            }

            Table.Value.AsSpan(token * Width, Width).CopyTo(output.Row(i));
        }

        context.AddEmbeddingNoise(Table, tokens, output);
        return output;
    }
}
