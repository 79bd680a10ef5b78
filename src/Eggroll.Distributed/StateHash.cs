using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Eggroll.Training;

namespace Eggroll.Distributed;

/// <summary>
/// The 64-bit fingerprint replicas exchange to prove they are bit-identical: the first 8 bytes of the SHA-256 of the
/// job's saved state (its counters and the options it was built with, seed included) and of every state tensor's name
/// and raw bytes (parameters, optimiser slots, strategy and objective state), in order.
/// </summary>
public static class StateHash
{
    /// <summary>The fingerprint of <paramref name="job"/>'s state tensors.</summary>
    public static ulong Of(ITrainingJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes(job.SaveState().ToJsonString()));
        foreach (var tensor in job.StateTensors())
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(tensor.Name));
            hash.AppendData(tensor.Values switch
            {
                float[] f => MemoryMarshal.AsBytes(f.AsSpan()),
                sbyte[] s => MemoryMarshal.AsBytes(s.AsSpan()),
                _ => throw new InvalidOperationException($"state tensor '{tensor.Name}' holds {tensor.Values.GetType().Name}."),
            });
        }

        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return BitConverter.ToUInt64(digest[..8]);
    }
}
