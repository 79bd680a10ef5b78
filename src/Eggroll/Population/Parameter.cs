namespace Eggroll.Population;

/// <summary>
/// A trainable tensor: a matrix (rows×cols), a vector (1×n) or an embedding table.
/// Values are stored row-major in <see cref="Value"/>. A <see cref="Frozen"/> parameter
/// is never perturbed nor updated.
/// </summary>
public sealed class Parameter
{
    /// <summary>Creates a parameter of the given kind and shape, initialised to zero.</summary>
    public Parameter(string name, ParameterKind kind, int rows, int cols)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cols, 1);
        if (kind == ParameterKind.Vector && rows != 1)
        {
            throw new ArgumentException($"Vector parameter '{name}' must have one row, got {rows}.", nameof(rows));
        }

        Name = name;
        Kind = kind;
        Rows = rows;
        Cols = cols;
        Value = new float[checked(rows * cols)];
    }

    /// <summary>Creates a vector parameter of length <paramref name="length"/>.</summary>
    public static Parameter Vector(string name, int length) => new(name, ParameterKind.Vector, 1, length);

    /// <summary>The name local to its layer ("weight", "bias", ...); the model qualifies it with the layer path.</summary>
    public string Name { get; }

    /// <summary>How this parameter is perturbed.</summary>
    public ParameterKind Kind { get; }

    /// <summary>Rows (output features for a matrix, vocabulary for an embedding, 1 for a vector).</summary>
    public int Rows { get; }

    /// <summary>Columns (input features for a matrix, width for an embedding, length for a vector).</summary>
    public int Cols { get; }

    /// <summary>Number of values, Rows·Cols.</summary>
    public int Count => Value.Length;

    /// <summary>The values, row-major.</summary>
    public float[] Value { get; }

    /// <summary>When true the parameter is excluded from evolution: no noise, no update.</summary>
    public bool Frozen { get; set; }

    /// <summary>The parameter's index in its <see cref="ParameterSet"/>; part of every noise key. −1 before the set is built.</summary>
    public int Id { get; internal set; } = -1;
}
