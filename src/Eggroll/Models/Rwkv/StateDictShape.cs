using Eggroll.IO;

namespace Eggroll.Models.Rwkv;

/// <summary>Reads and compares the shapes of state-dict tensors, with errors that name the key.</summary>
internal static class StateDictShape
{
    /// <summary>The tensor under <paramref name="key"/>.</summary>
    /// <exception cref="InvalidDataException">There is none.</exception>
    public static RawTensor Require(IReadOnlyDictionary<string, RawTensor> stateDict, string key) =>
        stateDict.TryGetValue(key, out var tensor) ? tensor : throw new InvalidDataException($"state dict has no tensor '{key}'.");

    /// <summary>The two dimensions of the matrix under <paramref name="key"/>.</summary>
    /// <exception cref="InvalidDataException">It is missing or not two-dimensional.</exception>
    public static int[] Matrix(IReadOnlyDictionary<string, RawTensor> stateDict, string key)
    {
        var shape = Require(stateDict, key).Shape;
        if (shape.Length != 2 || shape[0] < 1 || shape[1] < 1)
        {
            throw new InvalidDataException($"tensor '{key}' has shape {Format(shape)}; expected a matrix.");
        }

        return shape;
    }

    /// <summary>The column count of the matrix under <paramref name="key"/>, whose row count must be <paramref name="rows"/>.</summary>
    public static int Columns(IReadOnlyDictionary<string, RawTensor> stateDict, string key, int rows)
    {
        var shape = Matrix(stateDict, key);
        if (shape[0] != rows)
        {
            throw new InvalidDataException($"tensor '{key}' has shape {Format(shape)}; expected [{rows}, *].");
        }

        return shape[1];
    }

    /// <summary>True when the shapes are equal once leading dimensions of 1 are dropped ([1, 1, D] matches [D]).</summary>
    public static bool Matches(int[] expected, int[] actual) => Squeeze(expected).SequenceEqual(Squeeze(actual));

    /// <summary>The shape as "[a, b, c]".</summary>
    public static string Format(int[] shape) => $"[{string.Join(", ", shape)}]";

    private static ReadOnlySpan<int> Squeeze(int[] shape)
    {
        int start = 0;
        while (start < shape.Length - 1 && shape[start] == 1)
        {
            start++;
        }

        return shape.AsSpan(start);
    }
}
