using System.Runtime.CompilerServices;
namespace Eggroll.Numerics;

/// <summary>
/// Cache blocking and threading for <see cref="Gemm"/>. For each NC-wide column block, op(B) is
/// packed once (all of k, in KC-deep slices) and shared; then each output tile (MC rows × a run
/// of NR panels) walks KC slices in increasing order, packing its op(A) block and running the
/// micro-kernel, which updates C directly on full tiles. When the column block of C is small
/// (it stays in the last-level cache), all tiles finish one slice before any starts the next, so
/// the slice of packed op(B) stays in each core's L2; a larger C is instead kept in cache tile by
/// tile, each tile walking all slices at once. Tiles are many (at least 16 where the shape allows) and claimed dynamically, so two
/// threads finish together even when one of them is slowed by other work on the machine. Tile
/// boundaries depend only on the shape, and every element of C sees the same sequence of
/// operations however tiles are spread over threads, so results do not depend on
/// <see cref="Parallelism.MaxThreads"/>.
/// </summary>
internal sealed unsafe class GemmDriver
{
    private const int KC = 256;
    private const int PanelsPerMC = 32;
    private const int MinPanelsPerMC = 8;
    private const int PanelsPerNC = 32;
    private const int MinTiles = 16;
    private const int MaxPackedB = 1 << 22;
    private const long SerialWork = 1L << 20;

    // Column blocks of C up to this many floats (8 MB) run slice by slice; larger ones tile by tile.
    private const long MaxSlicedC = 1L << 21;

    [ThreadStatic]
    private static GemmDriver? cached;

    [ThreadStatic]
    private static GemmPackBuffer? threadABuffer;

    private readonly GemmPackBuffer bBuffer = new();
    private readonly Action<int> packBChunk;
    private readonly Action<int> computeTile;

    private GemmShape shape;
    private GemmKernel kernel;
    private int mcMax;
    private int jc, nc, ncPadded, bPanels, packChunks, nChunks, passStart, passDepth;
    private float* packedB;

    private GemmDriver()
    {
        packBChunk = PackBChunk;
        computeTile = ComputeTile;
    }

    public static void Run(in GemmShape s, GemmKernel kernel)
    {
        GemmDriver driver = cached ?? new GemmDriver();
        cached = null;
        try
        {
            driver.Execute(in s, kernel);
        }
        finally
        {
            driver.shape = default;
            cached = driver;
        }
    }

    private void Execute(in GemmShape s, GemmKernel k)
    {
        shape = s;
        kernel = k;
        int mPanels = (s.M + k.MR - 1) / k.MR;
        int panelsPerBlock = RowBlockPanels(mPanels, s.Epilogue is not null);
        mcMax = panelsPerBlock * k.MR;

        // The caller's packing buffer is sized here, whichever tiles it then claims, so that once a shape has been seen
        // the caller never allocates (workers size theirs on first use).
        ThreadPackedA();
        int aBlocks = (mPanels + panelsPerBlock - 1) / panelsPerBlock;
        int ncMax = Math.Clamp(MaxPackedB / s.K / k.NR, 1, PanelsPerNC) * k.NR;
        bool parallel = Parallelism.MaxThreads > 1 && (long)s.M * s.N * s.K >= SerialWork;
        packedB = bBuffer.Get(checked(s.K * RoundUp(Math.Min(ncMax, s.N), k.NR)));

        for (jc = 0; jc < s.N; jc += ncMax)
        {
            nc = Math.Min(ncMax, s.N - jc);
            bPanels = (nc + k.NR - 1) / k.NR;
            ncPadded = bPanels * k.NR;
            nChunks = Math.Min(bPanels, (MinTiles + aBlocks - 1) / aBlocks);
            packChunks = parallel ? Math.Min(bPanels, MinTiles) : 1;
            RunAll(packChunks, packBChunk, parallel);
            int depthPerPass = (long)s.M * ncPadded <= MaxSlicedC ? KC : s.K;
            for (passStart = 0; passStart < s.K; passStart += depthPerPass)
            {
                passDepth = Math.Min(depthPerPass, s.K - passStart);
                RunAll(aBlocks * nChunks, computeTile, parallel);
            }
        }
    }

    /// <summary>
    /// MR-row panels per row block: at most <see cref="PanelsPerMC"/>, and fewer (down to
    /// <see cref="MinPanelsPerMC"/>) so that there are <see cref="MinTiles"/> row blocks when m allows;
    /// column chunks make up the rest of the tiles. Splitting rows first packs each op(A) block once. An
    /// epilogue with per-row work (a row's low-rank projections) repeats it in every column chunk, so with
    /// <paramref name="epilogue"/> rows are split down to single panels, into at least <see cref="MinTiles"/>
    /// blocks where there are that many panels, before columns are.
    /// </summary>
    private static int RowBlockPanels(int mPanels, bool epilogue)
    {
        if (epilogue)
        {
            return Math.Clamp(mPanels / MinTiles, 1, PanelsPerMC);
        }

        int blocks = (mPanels + PanelsPerMC - 1) / PanelsPerMC;
        if (blocks < MinTiles)
        {
            blocks = Math.Max(blocks, Math.Min(MinTiles, mPanels / MinPanelsPerMC));
        }

        return (mPanels + blocks - 1) / blocks;
    }

    private static void RunAll(int count, Action<int> body, bool parallel)
    {
        if (parallel)
        {
            Parallelism.For(count, body);
            return;
        }

        for (int i = 0; i < count; i++)
        {
            body(i);
        }
    }

    private void PackBChunk(int chunk)
    {
        int first = chunk * bPanels / packChunks;
        int last = (chunk + 1) * bPanels / packChunks;
        for (int pc = 0; pc < shape.K; pc += KC)
        {
            int kc = Math.Min(KC, shape.K - pc);
            GemmPacking.PackB(in shape, jc, nc, pc, kc, in kernel, first, last, packedB + ((long)pc * ncPadded));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ComputeTile(int tile)
    {
        int ic = tile / nChunks * mcMax;
        int chunk = tile % nChunks;
        int mc = Math.Min(mcMax, shape.M - ic);
        int mr = kernel.MR, nr = kernel.NR;
        float* packedA = ThreadPackedA();
        float* acc = stackalloc float[mr * nr];
        int firstPanel = chunk * bPanels / nChunks;
        int lastPanel = (chunk + 1) * bPanels / nChunks;
        for (int pc = passStart; pc < passStart + passDepth; pc += KC)
        {
            int kc = Math.Min(KC, shape.K - pc);
            float beta = pc == 0 ? shape.Beta : 1f;
            GemmPacking.PackA(in shape, ic, mc, pc, kc, in kernel, packedA);
            MacroKernel(packedA, mc, packedB + ((long)pc * ncPadded), kc, firstPanel, lastPanel, ic, acc, beta);
        }

        if (shape.Epilogue is { } epilogue && passStart + passDepth == shape.K && lastPanel > firstPanel)
        {
            int colStart = firstPanel * nr;
            int colCount = Math.Min(lastPanel * nr, nc) - colStart;
            epilogue.Apply(ic, mc, jc + colStart, colCount, shape.C + ((long)ic * shape.Ldc) + jc + colStart, shape.Ldc);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MacroKernel(float* packedA, int mc, float* slice, int kc, int firstPanel, int lastPanel, int ic, float* acc, float beta)
    {
        int mr = kernel.MR, nr = kernel.NR;
        for (int q = firstPanel; q < lastPanel; q++)
        {
            float* bPanel = slice + ((long)q * nr * kc);
            int j = jc + (q * nr);
            int cols = Math.Min(nr, nc - (q * nr));
            for (int r = 0; r < mc; r += mr)
            {
                float* c = shape.C + ((long)(ic + r) * shape.Ldc) + j;
                int rows = Math.Min(mr, mc - r);
                if (rows == mr && cols == nr)
                {
                    kernel.Run(packedA + ((long)r * kc), bPanel, kc, c, shape.Ldc, shape.Alpha, beta);
                }
                else
                {
                    kernel.Run(packedA + ((long)r * kc), bPanel, kc, acc, nr, 1f, 0f);
                    GemmEpilogue.Store(acc, nr, rows, cols, c, shape.Ldc, shape.Alpha, beta);
                }
            }
        }
    }

    /// <summary>This thread's buffer for a packed op(A) block of the current shape.</summary>
    private float* ThreadPackedA() => (threadABuffer ??= new GemmPackBuffer()).Get(mcMax * KC);

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
