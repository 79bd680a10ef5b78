namespace Eggroll.IO.Torch;

/// <summary>
/// Reads a PyTorch checkpoint written by <c>torch.save(model.state_dict(), path)</c> (the zip format of torch 1.6 and
/// later, any pickle protocol up to 5) without Python and without running anything in it: the pickle is read by an
/// interpreter that knows only the opcodes and globals of a tensor state dict (<c>collections.OrderedDict</c>,
/// <c>torch._utils._rebuild_tensor_v2</c>, <c>_rebuild_tensor</c>, <c>_rebuild_parameter</c> and the typed storages
/// Float, Half, BFloat16, Double, Long, Int, Byte, Char and Bool); any other global (such as <c>os.system</c>) or opcode
/// is refused with an <see cref="InvalidDataException"/> naming it and the file.
/// </summary>
public static class StateDictFile
{
    /// <summary>
    /// Reads every tensor of the state dict at <paramref name="path"/>, in the file's order, as row-major little-endian
    /// <see cref="RawTensor"/>s (views with any strides are copied out; tensors sharing a storage each get their own bytes).
    /// </summary>
    /// <exception cref="InvalidDataException">
    /// The file is not a torch zip checkpoint, an entry leaves the archive root, a global or opcode is not allowed, the
    /// top-level object is not a dict of tensors, a tensor views bytes its storage does not have, or the file is truncated;
    /// the message names the file and the problem.
    /// </exception>
    public static Dictionary<string, RawTensor> Read(string path)
    {
        using var archive = TorchArchive.Open(path);
        var tensors = Tensors(archive);
        var users = tensors.Values.GroupBy(t => t.Storage.Key).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var loaded = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var result = new Dictionary<string, RawTensor>(StringComparer.Ordinal);
        foreach (var (name, tensor) in tensors)
        {
            result.Add(name, ReadTensor(archive, name, tensor, loaded, users));
        }

        return result;
    }

    private static Dictionary<string, TorchTensor> Tensors(TorchArchive archive)
    {
        object? root = RestrictedUnpickler.Load(archive.ReadPickle(), $"{archive.Path}: {archive.PickleName}", new TorchPickleHost());
        if (root is not PickleDict dict)
        {
            throw new InvalidDataException($"{archive.Path}: the checkpoint holds a {PickleValues.TypeName(root)}, not a state dict (a dict of tensors).");
        }

        var tensors = new Dictionary<string, TorchTensor>(StringComparer.Ordinal);
        foreach (var (key, value) in dict.Entries)
        {
            if (key is not string name || value is not TorchTensor tensor)
            {
                throw new InvalidDataException($"{archive.Path}: state dict entry {key} is a {PickleValues.TypeName(value)} under a {PickleValues.TypeName(key)} key; only tensors under str keys are read.");
            }

            tensors.Add(name, tensor);
        }

        return tensors;
    }

    /// <summary>
    /// Reads <paramref name="tensor"/>, loading its storage on first use and releasing it after its last user; a tensor
    /// that alone uses its whole storage, in order, takes the storage's bytes without a copy.
    /// </summary>
    private static RawTensor ReadTensor(TorchArchive archive, string name, TorchTensor tensor, Dictionary<string, byte[]> loaded, Dictionary<string, int> users)
    {
        string key = tensor.Storage.Key;
        int[] shape = OfTensor(archive, name, () => TensorLayout.Check(tensor));
        if (!loaded.TryGetValue(key, out byte[]? storage))
        {
            storage = archive.ReadStorage(tensor.Storage);
            loaded.Add(key, storage);
        }

        bool soleUser = users[key] == 1;
        if (--users[key] == 0)
        {
            loaded.Remove(key);
        }

        bool wholeStorage = tensor.Offset == 0 && TensorLayout.IsContiguous(tensor) && shape.Aggregate(1L, (p, d) => p * d) == tensor.Storage.ElementCount;
        byte[] bytes = soleUser && wholeStorage ? storage : OfTensor(archive, name, () => TensorLayout.Gather(tensor, storage));
        return new RawTensor(name, tensor.Storage.DType, shape, bytes);
    }

    /// <summary>Runs <paramref name="step"/>, naming the file and the tensor in any <see cref="InvalidDataException"/> it throws.</summary>
    private static T OfTensor<T>(TorchArchive archive, string name, Func<T> step)
    {
        try
        {
            return step();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{archive.Path}: tensor '{name}': {e.Message}", e);
        }
    }
}
