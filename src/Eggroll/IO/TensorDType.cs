namespace Eggroll.IO;

/// <summary>Element types this library reads and writes in safetensors files (the format's dtype names).</summary>
public enum TensorDType
{
    /// <summary>32-bit IEEE float.</summary>
    F32,

    /// <summary>Signed 8-bit integer.</summary>
    I8,

    /// <summary>Signed 32-bit integer.</summary>
    I32,
}
