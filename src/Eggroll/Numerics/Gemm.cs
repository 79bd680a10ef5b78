namespace Eggroll.Numerics;

/// <summary>Single-precision general matrix product on row-major storage.</summary>
public static class Gemm
{
    /// <summary>
    /// Computes C = alpha·op(A)·op(B) + beta·C, where op(A) is m×k, op(B) is k×n and C is m×n.
    /// All matrices are row-major with the given leading dimensions (row strides). With
    /// beta = 0, C is overwritten and its previous contents (even NaN) are ignored.
    /// The result is bit-identical whatever <see cref="Parallelism.MaxThreads"/> is.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// A size or leading dimension is negative, a leading dimension is smaller than the row
    /// width of its stored matrix, or a span is too short for its dimensions.
    /// </exception>
    public static void Multiply(
        Transpose transA, Transpose transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc) =>
        Multiply(GemmKernel.Best, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, null);

    /// <summary>As the public overload, then <paramref name="epilogue"/> runs on each finished output block while it is in cache.</summary>
    internal static void Multiply(
        Transpose transA, Transpose transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc, IGemmEpilogue? epilogue) =>
        Multiply(GemmKernel.Best, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, epilogue);

    /// <summary>As the public overload, but with a chosen micro-kernel (tests cover every kernel this way).</summary>
    internal static unsafe void Multiply(
        GemmKernel kernel, Transpose transA, Transpose transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc, IGemmEpilogue? epilogue)
    {
        ValidateSizes(m, n, k);
        bool aNo = transA == Transpose.No, bNo = transB == Transpose.No;
        ValidateOperand(nameof(a), "A", a.Length, aNo ? m : k, aNo ? k : m, lda, nameof(lda));
        ValidateOperand(nameof(b), "B", b.Length, bNo ? k : n, bNo ? n : k, ldb, nameof(ldb));
        ValidateOperand(nameof(c), "C", c.Length, m, n, ldc, nameof(ldc));

        if (m == 0 || n == 0)
        {
            return;
        }

        fixed (float* pa = a, pb = b, pc = c)
        {
            if (k == 0)
            {
                GemmEpilogue.Scale(pc, m, n, ldc, beta);
                epilogue?.Apply(0, m, 0, n, pc, ldc);
                return;
            }

            var shape = new GemmShape(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, epilogue);
            GemmDriver.Run(in shape, kernel);
        }
    }

    private static void ValidateSizes(int m, int n, int k)
    {
        if (m < 0 || n < 0 || k < 0)
        {
            throw new ArgumentException($"Matrix sizes must be non-negative, but m = {m}, n = {n}, k = {k}.");
        }
    }

    private static void ValidateOperand(string spanName, string matrix, int length, int rows, int cols, int ld, string ldName)
    {
        if (ld < cols || ld < 0)
        {
            throw new ArgumentException(
                $"Leading dimension {ldName} = {ld} is smaller than the {cols} columns of stored {matrix} ({rows}×{cols}).", ldName);
        }

        long needed = rows == 0 || cols == 0 ? 0 : ((long)(rows - 1) * ld) + cols;
        if (length < needed)
        {
            throw new ArgumentException(
                $"Span {spanName} has {length} elements, but stored {matrix} ({rows}×{cols}, leading dimension {ld}) needs {needed}.", spanName);
        }
    }
}
