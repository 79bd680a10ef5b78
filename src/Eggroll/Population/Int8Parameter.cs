using Eggroll.Numerics.Int8;

namespace Eggroll.Population;

/// <summary>A named int8 matrix of the EGG model (rows × columns, used as y = x·Wᵀ or as a lookup table), with its packed copy.</summary>
public sealed class Int8Parameter
{
    /// <summary>Creates the parameter with the given values (row-major, rows × columns).</summary>
    public Int8Parameter(string name, int key, int rows, int columns, sbyte[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != rows * columns)
        {
            throw new ArgumentException($"Parameter '{name}' is {rows}×{columns} but has {values.Length} values.", nameof(values));
        }

        Name = name;
        Key = key;
        Rows = rows;
        Columns = columns;
        Values = values;
        Packed = new Int8PackedMatrix(values, rows, columns);
    }

    /// <summary>Name, e.g. "layers.0.up".</summary>
    public string Name { get; }

    /// <summary>Position in the model; the parameter key of its noise.</summary>
    public int Key { get; }

    /// <summary>Rows (outputs, or vocabulary entries of an embedding).</summary>
    public int Rows { get; }

    /// <summary>Columns (inputs).</summary>
    public int Columns { get; }

    /// <summary>The weights, row-major; call <see cref="Repack"/> after changing them.</summary>
    public sbyte[] Values { get; }

    /// <summary>The weights packed for <see cref="Int8Gemm"/>.</summary>
    public Int8PackedMatrix Packed { get; }

    /// <summary>Refreshes <see cref="Packed"/> from <see cref="Values"/>.</summary>
    public void Repack() => Packed.Repack(Values);
}
