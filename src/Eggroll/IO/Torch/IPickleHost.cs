namespace Eggroll.IO.Torch;

/// <summary>
/// What a <see cref="RestrictedUnpickler"/> asks of the format it reads: which globals exist, what calling one
/// builds, and what a persistent id stands for. Problems are reported as <see cref="InvalidDataException"/>s
/// whose message is the problem alone (the unpickler adds the source and position).
/// </summary>
internal interface IPickleHost
{
    /// <summary>Whether the pickle may name <paramref name="global"/>; everything else is refused before it is used.</summary>
    bool Allows(PickleGlobal global);

    /// <summary>The value of calling the allowed <paramref name="callable"/> with <paramref name="arguments"/> (the REDUCE opcode).</summary>
    object Call(PickleGlobal callable, object?[] arguments);

    /// <summary>The value a persistent id stands for (the BINPERSID opcode).</summary>
    object PersistentLoad(object? id);
}
