namespace Eggroll.IO;

/// <summary>Element types this library reads and writes in safetensors files (the format's dtype names), all little-endian.</summary>
public enum TensorDType
{
    /// <summary>32-bit IEEE float.</summary>
    F32,

    /// <summary>Signed 8-bit integer.</summary>
    I8,

    /// <summary>Signed 32-bit integer.</summary>
    I32,

    /// <summary>16-bit IEEE float (half precision).</summary>
    F16,

    /// <summary>bfloat16: the upper 16 bits of a 32-bit IEEE float.</summary>
    BF16,

    /// <summary>64-bit IEEE float.</summary>
    F64,

    /// <summary>Signed 64-bit integer.</summary>
    I64,

    /// <summary>Unsigned 8-bit integer.</summary>
    U8,

    /// <summary>Boolean stored as one byte (0 is false, anything else true).</summary>
    BOOL,
}
