namespace Eggroll.Numerics;

/// <summary>Reusable work arrays that grow on demand and are never shrunk, so steady-state calls allocate nothing.</summary>
internal static class Buffers
{
    /// <summary>Replaces <paramref name="buffer"/> by a new array of <paramref name="length"/> elements when it is shorter.</summary>
    public static void EnsureLength<T>(ref T[] buffer, long length)
    {
        if (buffer.Length < length)
        {
            buffer = new T[checked((int)length)];
        }
    }
}
