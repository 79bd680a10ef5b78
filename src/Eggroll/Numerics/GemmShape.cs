namespace Eggroll.Numerics;

/// <summary>One validated, pinned product C = alpha·op(A)·op(B) + beta·C with m, n, k all positive.</summary>
internal readonly unsafe struct GemmShape(
    Transpose transA, Transpose transB, int m, int n, int k, float alpha,
    float* a, int lda, float* b, int ldb, float beta, float* c, int ldc, IGemmEpilogue? epilogue)
{
    public readonly Transpose TransA = transA;
    public readonly Transpose TransB = transB;
    public readonly int M = m;
    public readonly int N = n;
    public readonly int K = k;
    public readonly float Alpha = alpha;
    public readonly float* A = a;
    public readonly int Lda = lda;
    public readonly float* B = b;
    public readonly int Ldb = ldb;
    public readonly float Beta = beta;
    public readonly float* C = c;
    public readonly int Ldc = ldc;
    public readonly IGemmEpilogue? Epilogue = epilogue;
}
