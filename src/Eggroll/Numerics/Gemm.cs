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
    public static void Multiply(
        Transpose transA, Transpose transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
        float beta, Span<float> c, int ldc)
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                float sum = 0f;
                for (int p = 0; p < k; p++)
                {
                    float av = transA == Transpose.No ? a[i * lda + p] : a[p * lda + i];
                    float bv = transB == Transpose.No ? b[p * ldb + j] : b[j * ldb + p];
                    sum += av * bv;
                }

                ref float cij = ref c[i * ldc + j];
                cij = beta == 0f ? alpha * sum : alpha * sum + beta * cij;
            }
        }
    }
}
