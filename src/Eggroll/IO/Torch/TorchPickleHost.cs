namespace Eggroll.IO.Torch;

/// <summary>
/// The part of torch's pickle format a tensor state dict uses: <c>collections.OrderedDict</c>, the tensor rebuild
/// functions of <c>torch._utils</c>, the typed storage classes (as persistent ids), and nothing else.
/// </summary>
internal sealed class TorchPickleHost : IPickleHost
{
    private static readonly PickleGlobal OrderedDict = new("collections", "OrderedDict");
    private static readonly PickleGlobal RebuildTensorV2 = new("torch._utils", "_rebuild_tensor_v2");
    private static readonly PickleGlobal RebuildTensor = new("torch._utils", "_rebuild_tensor");
    private static readonly PickleGlobal RebuildParameter = new("torch._utils", "_rebuild_parameter");

    private static readonly Dictionary<PickleGlobal, TensorDType> StorageTypes = new()
    {
        [new("torch", "FloatStorage")] = TensorDType.F32,
        [new("torch", "HalfStorage")] = TensorDType.F16,
        [new("torch", "BFloat16Storage")] = TensorDType.BF16,
        [new("torch", "DoubleStorage")] = TensorDType.F64,
        [new("torch", "LongStorage")] = TensorDType.I64,
        [new("torch", "IntStorage")] = TensorDType.I32,
        [new("torch", "ByteStorage")] = TensorDType.U8,
        [new("torch", "CharStorage")] = TensorDType.I8,
        [new("torch", "BoolStorage")] = TensorDType.BOOL,
    };

    private readonly Dictionary<string, TorchStorage> storages = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public bool Allows(PickleGlobal global) =>
        global == OrderedDict || global == RebuildTensorV2 || global == RebuildTensor || global == RebuildParameter || StorageTypes.ContainsKey(global);

    /// <inheritdoc/>
    public object Call(PickleGlobal callable, object?[] arguments)
    {
        if (callable == OrderedDict)
        {
            return arguments.Length == 0 ? new PickleDict() : throw new InvalidDataException($"{OrderedDict} is called with {arguments.Length} arguments; only an empty one is built.");
        }

        if (callable == RebuildTensorV2 && arguments.Length is 6 or 7)
        {
            ExpectEmptyHooks(arguments[5], callable);
            Expect<bool>(arguments[4], "requires_grad", callable);
            return Tensor(arguments, callable);
        }

        if (callable == RebuildTensor && arguments.Length == 4)
        {
            return Tensor(arguments, callable);
        }

        if (callable == RebuildParameter && arguments.Length == 3)
        {
            Expect<bool>(arguments[1], "requires_grad", callable);
            ExpectEmptyHooks(arguments[2], callable);
            return Expect<TorchTensor>(arguments[0], "data", callable);
        }

        throw new InvalidDataException($"{callable} cannot be called with {arguments.Length} arguments.");
    }

    /// <summary>Resolves the persistent id <c>('storage', storage class, key, location, element count)</c> that torch writes for each storage.</summary>
    public object PersistentLoad(object? id)
    {
        if (id is not object?[] { Length: 5 } tuple || tuple[0] is not "storage"
            || tuple[1] is not PickleGlobal type || !StorageTypes.TryGetValue(type, out var dtype)
            || tuple[2] is not string key || tuple[3] is not string || tuple[4] is not long count || count < 0)
        {
            throw new InvalidDataException("a persistent id is not ('storage', torch.<Type>Storage, key, location, element count).");
        }

        var storage = new TorchStorage(key, dtype, count);
        if (storages.TryGetValue(key, out var known) && known != storage)
        {
            throw new InvalidDataException($"storage '{key}' is described twice differently ({known.DType} × {known.ElementCount}, then {dtype} × {count}).");
        }

        storages[key] = storage;
        return storage;
    }

    private static TorchTensor Tensor(object?[] arguments, PickleGlobal callable)
    {
        var storage = Expect<TorchStorage>(arguments[0], "storage", callable);
        long offset = Expect<long>(arguments[1], "storage_offset", callable);
        long[] size = Dimensions(arguments[2], "size", callable);
        long[] stride = Dimensions(arguments[3], "stride", callable);
        if (size.Length != stride.Length)
        {
            throw new InvalidDataException($"{callable} has {size.Length} sizes but {stride.Length} strides.");
        }

        return new TorchTensor(storage, offset, size, stride);
    }

    private static long[] Dimensions(object? value, string what, PickleGlobal callable) =>
        value is object?[] tuple && tuple.All(d => d is long)
            ? Array.ConvertAll(tuple, d => (long)d!)
            : throw new InvalidDataException($"{callable} argument '{what}' is {PickleValues.TypeName(value)}, not a tuple of ints.");

    private static void ExpectEmptyHooks(object? hooks, PickleGlobal callable)
    {
        if (hooks is not PickleDict { Entries.Count: 0 })
        {
            throw new InvalidDataException($"{callable} argument 'backward_hooks' is {PickleValues.TypeName(hooks)}, not an empty dict.");
        }
    }

    private static T Expect<T>(object? value, string what, PickleGlobal callable) =>
        value is T typed ? typed : throw new InvalidDataException($"{callable} argument '{what}' is {PickleValues.TypeName(value)}.");
}
