namespace Eggroll.IO.Torch;

/// <summary>
/// How Python values read from a pickle are represented: None is null, bool, int is <see cref="long"/>, float is
/// <see cref="double"/>, str is <see cref="string"/>, tuple is <c>object?[]</c>, list is <see cref="List{T}"/>,
/// dict is <see cref="PickleDict"/>, a global is <see cref="PickleGlobal"/>; torch adds <see cref="TorchStorage"/> and <see cref="TorchTensor"/>.
/// </summary>
internal static class PickleValues
{
    /// <summary>The Python-style type name of <paramref name="value"/>, for error messages.</summary>
    public static string TypeName(object? value) => value switch
    {
        null => "None",
        bool => "bool",
        long => "int",
        double => "float",
        string => "str",
        object?[] => "tuple",
        List<object?> => "list",
        PickleDict => "dict",
        PickleGlobal g => $"global {g}",
        TorchStorage => "storage",
        TorchTensor => "tensor",
        _ => value.GetType().Name,
    };
}
