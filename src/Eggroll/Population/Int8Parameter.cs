using Eggroll.Numerics.Int8;

namespace Eggroll.Population;

/// <summary>A named int8 matrix of the EGG model (<see cref="Rows"/> × <see cref="Cols"/>, the vocabulary of <see cref="Parameter"/>; used as y = x·Wᵀ or as a lookup table), with its packed copy.</summary>
public sealed class Int8Parameter
{
    /// <summary>Creates the parameter with the given values (row-major, rows × cols).</summary>
    public Int8Parameter(string name, int id, int rows, int cols, sbyte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length != rows * cols)
        {
            throw new ArgumentException($"Parameter '{name}' is {rows}×{cols} but has {value.Length} values.", nameof(value));
        }

        Name = name;
        Id = id;
        Rows = rows;
        Cols = cols;
        Value = value;
        Packed = new Int8PackedMatrix(value, rows, cols);
    }

    /// <summary>Name, e.g. "layers.0.up".</summary>
    public string Name { get; }

    /// <summary>Position in the model; the parameter key of its noise (as <see cref="Parameter.Id"/>).</summary>
    public int Id { get; }

    /// <summary>Rows (outputs, or vocabulary entries of an embedding).</summary>
    public int Rows { get; }

    /// <summary>Columns (inputs).</summary>
    public int Cols { get; }

    /// <summary>The weights, row-major; call <see cref="Repack"/> after changing them.</summary>
    public sbyte[] Value { get; }

    /// <summary>The weights packed for <see cref="Int8Gemm"/>.</summary>
    public Int8PackedMatrix Packed { get; }

    /// <summary>Refreshes <see cref="Packed"/> from <see cref="Value"/>.</summary>
    public void Repack() => Packed.Repack(Value);
}
