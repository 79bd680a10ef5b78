namespace Eggroll.Tasks.Rl;

/// <summary>
/// Running mean and variance of observations, applied as clip((o − mean)/√(var + 1e-8), ±<see cref="Clip"/>).
/// Observations are <see cref="Record"/>ed into a pending batch (or come as the <see cref="ObservationMoments"/> of each
/// member of a population, merged in member order) while the statistics stay fixed; <see cref="Commit()"/> merges the
/// batch into the running statistics (Chan et al.'s parallel update, in double precision, stored back as float). The
/// running state is three float arrays (<see cref="StateTensors"/>) so a checkpoint restores it bit for bit; the count
/// is held as two floats, count = hi·2²⁴ + lo, both exact.
/// </summary>
public sealed class ObservationNormalizer
{
    private const double CountBase = 1 << 24;
    private readonly float[] count = new float[2];
    private readonly float[] mean;
    private readonly float[] variance;
    private readonly double[] batch;

    /// <summary>Creates statistics for observations of <paramref name="size"/> values: mean 0, variance 1, count 0.</summary>
    public ObservationNormalizer(int size, float clip = 5f)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        mean = new float[size];
        variance = new float[size];
        Array.Fill(variance, 1f);
        batch = new double[ObservationMoments.BlockLength(size)];
        Clip = clip;
    }

    /// <summary>Observation size.</summary>
    public int Size => mean.Length;

    /// <summary>Normalised values are clipped to ±Clip.</summary>
    public float Clip { get; }

    /// <summary>Observations merged into the running statistics.</summary>
    public long Count => ((long)count[0] * (long)CountBase) + (long)count[1];

    /// <summary>Running mean.</summary>
    public ReadOnlySpan<float> Mean => mean;

    /// <summary>Running (population) variance.</summary>
    public ReadOnlySpan<float> Variance => variance;

    /// <summary>Writes the normalised <paramref name="observation"/> into <paramref name="destination"/>.</summary>
    public void Normalize(ReadOnlySpan<float> observation, Span<float> destination)
    {
        for (int j = 0; j < mean.Length; j++)
        {
            float z = (observation[j] - mean[j]) / MathF.Sqrt(variance[j] + 1e-8f);
            destination[j] = Math.Clamp(z, -Clip, Clip);
        }
    }

    /// <summary>Adds <paramref name="observation"/> to the pending batch (Welford's update).</summary>
    public void Record(ReadOnlySpan<float> observation) => ObservationMoments.Record(batch, observation);

    /// <summary>
    /// Merges the <see cref="ObservationMoments"/> blocks of <paramref name="memberMoments"/> (one per member, in member
    /// order) into the pending batch, then commits it.
    /// </summary>
    public void Commit(ReadOnlySpan<double> memberMoments)
    {
        int length = ObservationMoments.BlockLength(Size);
        if (memberMoments.Length % length != 0)
        {
            throw new ArgumentException($"{memberMoments.Length} values are not whole blocks of {length}.", nameof(memberMoments));
        }

        for (int start = 0; start < memberMoments.Length; start += length)
        {
            ObservationMoments.Merge(batch, memberMoments.Slice(start, length));
        }

        Commit();
    }

    /// <summary>Merges the pending batch into the running statistics and empties it.</summary>
    public void Commit()
    {
        long batchCount = (long)batch[0];
        if (batchCount == 0)
        {
            return;
        }

        var batchMean = batch.AsSpan(1, Size);
        var batchM2 = batch.AsSpan(1 + Size, Size);
        long old = Count, total = old + batchCount;
        for (int j = 0; j < mean.Length; j++)
        {
            double delta = batchMean[j] - mean[j];
            double m2 = (old > 0 ? (double)variance[j] * old : 0) + batchM2[j] + (delta * delta * old * batchCount / total);
            mean[j] = (float)(mean[j] + (delta * batchCount / total));
            variance[j] = (float)(m2 / total);
        }

        count[0] = (float)(total / (long)CountBase);
        count[1] = (float)(total % (long)CountBase);
        Array.Clear(batch);
    }

    /// <summary>The running state: "count" (hi, lo), "mean" and "variance".</summary>
    public IEnumerable<(string Name, float[] Values)> StateTensors() => [("count", count), ("mean", mean), ("variance", variance)];
}
