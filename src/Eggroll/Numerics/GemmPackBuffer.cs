using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Eggroll.Numerics;

/// <summary>A pinned float buffer, grown on demand and reused, that hands out 64-byte aligned storage.</summary>
internal sealed unsafe class GemmPackBuffer
{
    private const int AlignFloats = 16;

    private float[] array = [];

    public float* Get(int floats)
    {
        if (array.Length < floats + AlignFloats)
        {
            array = GC.AllocateUninitializedArray<float>(floats + AlignFloats, pinned: true);
        }

        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        return (float*)((address + 63) & ~(nint)63);
    }
}
