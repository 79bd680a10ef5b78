namespace Eggroll.IO;

/// <summary>A named float32 tensor as stored in a safetensors file.</summary>
/// <param name="Name">The tensor's name.</param>
/// <param name="Shape">Its dimensions.</param>
/// <param name="Values">Its values, row-major.</param>
public sealed record TensorData(string Name, int[] Shape, float[] Values);
