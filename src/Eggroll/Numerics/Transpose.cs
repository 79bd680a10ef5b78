namespace Eggroll.Numerics;

/// <summary>Whether a row-major operand of a matrix product is used as stored or transposed.</summary>
public enum Transpose
{
    /// <summary>Use the operand as stored.</summary>
    No,

    /// <summary>Use the transpose of the stored operand.</summary>
    Yes,
}
