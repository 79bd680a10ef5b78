using Eggroll.Noise;
using Eggroll.Numerics;

namespace Eggroll.Tasks.Supervised;

/// <summary>Generates the examples of a <see cref="SyntheticTask"/>; the same seed always gives the same data.</summary>
public static class SyntheticData
{
    private const uint TrainStream = 0x7A1A0001, TestStream = 0x7A1A0002;

    /// <summary>A training and a disjointly drawn test set of the task.</summary>
    public static (SupervisedDataset Train, SupervisedDataset Test) Create(SyntheticTask task, int trainCount, int testCount, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trainCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(testCount, 1);
        return (Generate(task, trainCount, seed, TrainStream), Generate(task, testCount, seed, TestStream));
    }

    private static SupervisedDataset Generate(SyntheticTask task, int count, ulong seed, uint stream)
    {
        int width = task == SyntheticTask.Regression ? 4 : 2;
        var inputs = new Matrix(count, width);
        var targets = new Matrix(count, 1);
        for (int i = 0; i < count; i++)
        {
            var x = inputs.Row(i);
            for (int j = 0; j < width; j++)
            {
                uint index = checked((uint)(i * width + j));
                x[j] = (float)(CounterRandom.NextUInt(seed, stream, index) / 4294967296.0 * 2 - 1);
            }

            targets[i, 0] = task == SyntheticTask.Regression
                ? MathF.Sin(2 * x[0]) + (x[1] * x[2]) - (0.5f * x[3] * x[3])
                : RingOf(MathF.Sqrt((x[0] * x[0]) + (x[1] * x[1])));
        }

        return task == SyntheticTask.Regression
            ? new SupervisedDataset(inputs, targets, SupervisedLoss.MeanSquaredError)
            : new SupervisedDataset(inputs, targets, SupervisedLoss.CrossEntropy, 3);
    }

    private static float RingOf(float radius) => radius < 0.45f ? 0 : radius < 0.8f ? 1 : 2;
}
