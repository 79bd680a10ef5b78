using System.Numerics.Tensors;

namespace Eggroll.Tasks.Supervised;

/// <summary>Per-row losses of supervised learning.</summary>
public enum SupervisedLoss
{
    /// <summary>Mean over outputs of (prediction − target)².</summary>
    MeanSquaredError,

    /// <summary>Softmax cross-entropy in nats; the target row holds the class index in its first column.</summary>
    CrossEntropy,
}

/// <summary>Evaluates a <see cref="SupervisedLoss"/> on one row.</summary>
public static class SupervisedLossFunctions
{
    /// <summary>The loss of <paramref name="prediction"/> against <paramref name="target"/>.</summary>
    public static float RowLoss(SupervisedLoss loss, ReadOnlySpan<float> prediction, ReadOnlySpan<float> target)
    {
        if (loss == SupervisedLoss.MeanSquaredError)
        {
            float distance = TensorPrimitives.Distance(prediction, target);
            return distance * distance / prediction.Length;
        }

        float max = TensorPrimitives.Max(prediction);
        float total = 0f;
        foreach (float v in prediction)
        {
            total += MathF.Exp(v - max);
        }

        return max + MathF.Log(total) - prediction[(int)target[0]];
    }

    /// <summary>True when the largest output is the target class (classification only).</summary>
    public static bool IsCorrect(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target) =>
        TensorPrimitives.IndexOfMax(prediction) == (int)target[0];
}
