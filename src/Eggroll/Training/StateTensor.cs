using Eggroll.IO;

namespace Eggroll.Training;

/// <summary>A live state array of a <see cref="ITrainingJob"/> under its checkpoint name: float32 or int8 values with a shape.</summary>
public sealed class StateTensor
{
    private StateTensor(string name, int[] shape, Array values, TensorDType type)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Shape = shape;
        Values = values;
        DType = type;
    }

    /// <summary>The name in the checkpoint.</summary>
    public string Name { get; }

    /// <summary>The dimensions written to the checkpoint.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>The element type.</summary>
    public TensorDType DType { get; }

    /// <summary>The live array (<c>float[]</c> or <c>sbyte[]</c>).</summary>
    public Array Values { get; }

    /// <summary>A float32 state array.</summary>
    public static StateTensor Of(string name, int[] shape, float[] values) => new(name, shape, values, TensorDType.F32);

    /// <summary>An int8 state array.</summary>
    public static StateTensor Of(string name, int[] shape, sbyte[] values) => new(name, shape, values, TensorDType.I8);

    /// <summary>A copy of the current values as a tensor to write.</summary>
    internal RawTensor Snapshot() => Values switch
    {
        float[] f => RawTensor.FromFloat(Name, [.. Shape], f),
        sbyte[] s => RawTensor.FromInt8(Name, [.. Shape], s),
        _ => throw new InvalidOperationException($"state tensor '{Name}' holds {Values.GetType().Name}."),
    };

    /// <summary>Copies <paramref name="tensor"/>'s values into the live array (its dtype and length already checked).</summary>
    internal void Load(RawTensor tensor)
    {
        switch (Values)
        {
            case float[] f:
                tensor.ToFloat().CopyTo(f, 0);
                break;
            case sbyte[] s:
                tensor.ToInt8().CopyTo(s, 0);
                break;
        }
    }
}
