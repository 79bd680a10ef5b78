using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Eggroll.Numerics;

namespace Eggroll.Noise;

/// <summary>
/// Rademacher noise (docs/algorithm.md §1.5): every element is +1 or −1 with probability ½, element i of the stream
/// of a <see cref="NoiseKey"/> being −1 exactly when bit i mod 32 of word (i mod 128) / 32 of Philox4x32-10 block
/// i / 128 is set (counter = block, pair, noise epoch, parameter id; key = the seed with <see cref="KeyTag"/> XORed into
/// its high word, so no block is shared with the Gaussian streams). One block gives 128 elements, so the stream costs
/// a small fraction of a Gaussian one; values are bit-identical on every machine, thread count and slicing.
/// </summary>
public static class SignNoise
{
    /// <summary>Elements per Philox block.</summary>
    public const int ElementsPerBlock = 128;

    /// <summary>XORed into the high word of the seed to key the sign streams.</summary>
    public const uint KeyTag = 0x5167_A15E;

    /// <summary>Number of elements in one stream (2^32 blocks of 128).</summary>
    public const long MaxElements = 1L << 39;

    private const int WordBits = 32;

    private const int MaxBlocksAtOnce = 16;

    /// <summary>Fills <paramref name="destination"/> with elements [start, start + length) of the sign stream of <paramref name="key"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="startElement"/> is negative, or the range ends past <see cref="MaxElements"/>.</exception>
    public static void Fill(NoiseKey key, long startElement, Span<float> destination) => Fill(key, startElement, destination, NoisePaths.Best);

    /// <summary>As <see cref="Fill(NoiseKey, long, Span{float})"/>, computing the Philox blocks on a given instruction set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void Fill(NoiseKey key, long startElement, Span<float> destination, NoisePath path)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(startElement);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(startElement, MaxElements - destination.Length);
        if (!NoisePaths.IsSupported(path))
        {
            throw new PlatformNotSupportedException($"Noise path {path} is not supported on this machine.");
        }

        // One word more than the blocks fill: reading the bits of an element also reads the word after it.
        uint* words = stackalloc uint[(4 * MaxBlocksAtOnce) + 1];
        fixed (float* target = destination)
        {
            int written = 0;
            while (written < destination.Length)
            {
                long element = startElement + written;
                uint block = (uint)(element / ElementsPerBlock);
                int inBlock = (int)(element % ElementsPerBlock);
                int blocks = inBlock == 0 ? Math.Clamp((destination.Length - written) / ElementsPerBlock, 1, MaxBlocksAtOnce) : 1;
                FillWords(key, block, new Span<uint>(words, 4 * blocks), path);
                if (inBlock == 0 && destination.Length - written >= blocks * ElementsPerBlock)
                {
                    SignBits.Write(words, 0, 1f, target + written, blocks * ElementsPerBlock);
                    written += blocks * ElementsPerBlock;
                    continue;
                }

                for (; inBlock < ElementsPerBlock && written < destination.Length; inBlock++, written++)
                {
                    target[written] = SignBits.Apply(1f, words, inBlock);
                }
            }
        }
    }

    /// <summary>
    /// Writes the words of whole blocks <paramref name="firstBlock"/>, … of the sign stream of <paramref name="key"/> to <paramref name="words"/>
    /// (four per block, block after block: bit j of word w is element 32·w + j of the blocks' elements).
    /// </summary>
    /// <exception cref="ArgumentException">The length of <paramref name="words"/> is not a multiple of four.</exception>
    public static void FillWords(NoiseKey key, uint firstBlock, Span<uint> words) => FillWords(key, firstBlock, words, NoisePaths.Best);

    /// <summary>As <see cref="FillWords(NoiseKey, uint, Span{uint})"/>, on a given instruction set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void FillWords(NoiseKey key, uint firstBlock, Span<uint> words, NoisePath path)
    {
        if (words.Length % 4 != 0)
        {
            throw new ArgumentException($"Expected whole blocks of four words, got {words.Length} words.", nameof(words));
        }

        int blocksAtOnce = path switch { NoisePath.Vector512 => 16, NoisePath.Vector256 => 8, _ => 1 };
        int blockCount = words.Length / 4;
        fixed (uint* target = words)
        {
            int block = 0;
            for (; path == NoisePath.Vector512 && block + 32 <= blockCount; block += 32)
            {
                VectorBlockPair(key, firstBlock + (uint)block, key.Pair, target + (4 * block), firstBlock + (uint)block + 16, key.Pair, target + (4 * (block + 16)), acrossPairs: false);
            }

            for (; blocksAtOnce > 1 && block + blocksAtOnce <= blockCount; block += blocksAtOnce)
            {
                VectorBlocks(key, firstBlock + (uint)block, acrossPairs: false, path, target + (4 * block));
            }

            for (; block < blockCount; block++)
            {
                var (k0, k1) = KeyWords(key);
                var (x0, x1, x2, x3) = Philox.Block(k0, k1, firstBlock + (uint)block, key.Pair, key.NoiseEpoch, key.ParameterId);
                Store(target + (4 * block), x0, x1, x2, x3);
            }
        }
    }

    /// <summary>
    /// Writes the words of blocks [0, <paramref name="blocksPerPair"/>) of the sign streams of <paramref name="pairs"/> pairs, from
    /// <paramref name="firstPairKey"/>'s pair on, to <paramref name="words"/>: pair p's at [4·blocksPerPair·p, 4·blocksPerPair·(p + 1)),
    /// as <see cref="FillWords(NoiseKey, uint, Span{uint})"/> writes them. Short streams are generated 16 or 8 pairs at a time.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="words"/> does not hold the pairs' words.</exception>
    public static void FillPairWords(NoiseKey firstPairKey, int pairs, int blocksPerPair, Span<uint> words) =>
        FillPairWords(firstPairKey, pairs, blocksPerPair, words, NoisePaths.Best);

    /// <summary>As <see cref="FillPairWords(NoiseKey, int, int, Span{uint})"/>, on a given instruction set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void FillPairWords(NoiseKey firstPairKey, int pairs, int blocksPerPair, Span<uint> words, NoisePath path)
    {
        int wordsPerPair = 4 * blocksPerPair;
        if (pairs < 0 || blocksPerPair < 0 || words.Length < (long)pairs * wordsPerPair)
        {
            throw new ArgumentException($"{words.Length} words cannot hold {pairs} pairs of {blocksPerPair} blocks.", nameof(words));
        }

        int pairsAtOnce = path switch { NoisePath.Vector512 => 16, NoisePath.Vector256 => 8, _ => 1 };
        bool twoAtOnce = path == NoisePath.Vector512;
        uint* lanes = stackalloc uint[8 * MaxBlocksAtOnce];
        int pair = 0;
        fixed (uint* target = words)
        {
            // Short streams: block b of 16 or 8 pairs per vector call, two blocks at a time on AVX-512.
            for (; pairsAtOnce > 1 && pair + pairsAtOnce <= pairs && blocksPerPair < MaxBlocksAtOnce; pair += pairsAtOnce)
            {
                var key = firstPairKey with { Pair = firstPairKey.Pair + (uint)pair };
                uint* pairWords = target + ((long)pair * wordsPerPair);
                int block = 0;
                for (; twoAtOnce && block + 2 <= blocksPerPair; block += 2)
                {
                    VectorBlockPair(key, (uint)block, key.Pair, lanes, (uint)block + 1, key.Pair, lanes + (4 * MaxBlocksAtOnce), acrossPairs: true);
                    ScatterLanes(lanes, pairsAtOnce, pairWords + (4 * block), wordsPerPair);
                    ScatterLanes(lanes + (4 * MaxBlocksAtOnce), pairsAtOnce, pairWords + (4 * (block + 1)), wordsPerPair);
                }

                for (; block < blocksPerPair; block++)
                {
                    VectorBlocks(key, (uint)block, acrossPairs: true, path, lanes);
                    ScatterLanes(lanes, pairsAtOnce, pairWords + (4 * block), wordsPerPair);
                }
            }

            // Longer streams of whole 16-block runs: two pairs at a time on AVX-512.
            for (; twoAtOnce && pair + 2 <= pairs && blocksPerPair % MaxBlocksAtOnce == 0; pair += 2)
            {
                var key = firstPairKey with { Pair = firstPairKey.Pair + (uint)pair };
                uint* pairWords = target + ((long)pair * wordsPerPair);
                for (int block = 0; block < blocksPerPair; block += MaxBlocksAtOnce)
                {
                    VectorBlockPair(key, (uint)block, key.Pair, pairWords + (4 * block), (uint)block, key.Pair + 1, pairWords + wordsPerPair + (4 * block), acrossPairs: false);
                }
            }
        }

        for (; pair < pairs; pair++)
        {
            FillWords(firstPairKey with { Pair = firstPairKey.Pair + (uint)pair }, 0, words.Slice(pair * wordsPerPair, wordsPerPair), path);
        }
    }

    /// <summary>Stores block i of a vector call across pairs (four words from <paramref name="lanes"/> + 4i) at <paramref name="first"/> + i·<paramref name="wordsPerPair"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void ScatterLanes(uint* lanes, int count, uint* first, int wordsPerPair)
    {
        for (int lane = 0; lane < count; lane++)
        {
            Vector128.Load(lanes + (4 * lane)).Store(first + ((long)lane * wordsPerPair));
        }
    }

    /// <summary>
    /// The words of 16 (AVX-512) or 8 (AVX2) blocks, block after block: blocks <paramref name="block"/>, <paramref name="block"/> + 1, …
    /// of <paramref name="key"/>'s stream, or with <paramref name="acrossPairs"/> block <paramref name="block"/> of the streams of
    /// <paramref name="key"/>'s pair and the pairs after it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void VectorBlocks(NoiseKey key, uint block, bool acrossPairs, NoisePath path, uint* words)
    {
        var (k0, k1) = KeyWords(key);
        if (path == NoisePath.Vector512)
        {
            var (blocks, pairs) = Counters(block, key.Pair, acrossPairs);
            PhiloxVector.Block(k0, k1, blocks, pairs, Vector512.Create(key.NoiseEpoch), Vector512.Create(key.ParameterId), out var x0, out var x1, out var x2, out var x3);
            StoreLanes(x0, x1, x2, x3, words);
        }
        else
        {
            var lanes = Vector256.Create(0u, 1, 2, 3, 4, 5, 6, 7);
            var blocks = Vector256.Create(block) + (acrossPairs ? Vector256<uint>.Zero : lanes);
            var pairs = Vector256.Create(key.Pair) + (acrossPairs ? lanes : Vector256<uint>.Zero);
            PhiloxVector.Block(k0, k1, blocks, pairs, Vector256.Create(key.NoiseEpoch), Vector256.Create(key.ParameterId), out var x0, out var x1, out var x2, out var x3);
            StoreLanes(x0, x1, x2, x3, words);
        }
    }

    /// <summary>
    /// Two vector calls' blocks at once on AVX-512, as <see cref="VectorBlocks"/> writes them: from block <paramref name="blockA"/> of pair
    /// <paramref name="pairA"/> to <paramref name="wordsA"/> and from block <paramref name="blockB"/> of pair <paramref name="pairB"/> to
    /// <paramref name="wordsB"/> (with <paramref name="acrossPairs"/>, that block of 16 pairs from each). A Philox call's rounds are a chain of
    /// dependent multiplies; two independent calls interleaved take about the time of one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void VectorBlockPair(NoiseKey key, uint blockA, uint pairA, uint* wordsA, uint blockB, uint pairB, uint* wordsB, bool acrossPairs)
    {
        var (k0, k1) = KeyWords(key);
        var (blocksA, pairsA) = Counters(blockA, pairA, acrossPairs);
        var (blocksB, pairsB) = Counters(blockB, pairB, acrossPairs);
        Vector512<uint> epoch = Vector512.Create(key.NoiseEpoch), parameter = Vector512.Create(key.ParameterId);
        PhiloxVector.Blocks(
            k0, k1, blocksA, pairsA, epoch, parameter, blocksB, pairsB, epoch, parameter,
            out var a0, out var a1, out var a2, out var a3, out var b0, out var b1, out var b2, out var b3);
        StoreLanes(a0, a1, a2, a3, wordsA);
        StoreLanes(b0, b1, b2, b3, wordsB);
    }

    /// <summary>
    /// The block and pair counters of a 16-lane call: blocks <paramref name="block"/> … + 15 of pair <paramref name="pair"/>, or with
    /// <paramref name="acrossPairs"/> block <paramref name="block"/> of pairs <paramref name="pair"/> … + 15.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<uint> Blocks, Vector512<uint> Pairs) Counters(uint block, uint pair, bool acrossPairs)
    {
        var lanes = Vector512.Create(0u, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        return (Vector512.Create(block) + (acrossPairs ? Vector512<uint>.Zero : lanes), Vector512.Create(pair) + (acrossPairs ? lanes : Vector512<uint>.Zero));
    }

    /// <summary>The Philox key of the sign streams of <paramref name="key"/>'s seed.</summary>
    private static (uint K0, uint K1) KeyWords(NoiseKey key) => ((uint)key.Seed, (uint)(key.Seed >> 32) ^ KeyTag);

    /// <summary>
    /// Stores 16 blocks, word j of block i being lane i of xj, block after block: a 4 × 4 transpose of words within
    /// each 128-bit lane, then of the 128-bit lanes across the four vectors.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreLanes(Vector512<uint> x0, Vector512<uint> x1, Vector512<uint> x2, Vector512<uint> x3, uint* words)
    {
        // Lane l of bN holds block 4l + N.
        var (b0, b1, b2, b3) = TransposeWithinLanes(x0, x1, x2, x3);
        const byte evenLanes = 0b10_00_10_00, oddLanes = 0b11_01_11_01;
        var v0 = Avx512F.Shuffle4x128(b0, b1, evenLanes);  // blocks 0, 8, 1, 9
        var v1 = Avx512F.Shuffle4x128(b2, b3, evenLanes);  // 2, 10, 3, 11
        var v2 = Avx512F.Shuffle4x128(b0, b1, oddLanes);   // 4, 12, 5, 13
        var v3 = Avx512F.Shuffle4x128(b2, b3, oddLanes);   // 6, 14, 7, 15
        Avx512F.Shuffle4x128(v0, v1, evenLanes).Store(words);
        Avx512F.Shuffle4x128(v2, v3, evenLanes).Store(words + 16);
        Avx512F.Shuffle4x128(v0, v1, oddLanes).Store(words + 32);
        Avx512F.Shuffle4x128(v2, v3, oddLanes).Store(words + 48);
    }

    /// <summary>As the 16-block <see cref="StoreLanes(Vector512{uint}, Vector512{uint}, Vector512{uint}, Vector512{uint}, uint*)"/> for 8 blocks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreLanes(Vector256<uint> x0, Vector256<uint> x1, Vector256<uint> x2, Vector256<uint> x3, uint* words)
    {
        // Lane l of bN holds block 4l + N.
        var (b0, b1, b2, b3) = TransposeWithinLanes(x0, x1, x2, x3);
        const byte lowLanes = 0x20, highLanes = 0x31;
        Avx2.Permute2x128(b0, b1, lowLanes).Store(words);
        Avx2.Permute2x128(b2, b3, lowLanes).Store(words + 8);
        Avx2.Permute2x128(b0, b1, highLanes).Store(words + 16);
        Avx2.Permute2x128(b2, b3, highLanes).Store(words + 24);
    }

    /// <summary>Within each 128-bit lane, the 4 × 4 transpose of the words of <paramref name="x0"/> … <paramref name="x3"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<uint>, Vector512<uint>, Vector512<uint>, Vector512<uint>) TransposeWithinLanes(Vector512<uint> x0, Vector512<uint> x1, Vector512<uint> x2, Vector512<uint> x3)
    {
        Vector512<ulong> t0 = Avx512F.UnpackLow(x0, x1).AsUInt64(), t1 = Avx512F.UnpackHigh(x0, x1).AsUInt64();
        Vector512<ulong> t2 = Avx512F.UnpackLow(x2, x3).AsUInt64(), t3 = Avx512F.UnpackHigh(x2, x3).AsUInt64();
        return (Avx512F.UnpackLow(t0, t2).AsUInt32(), Avx512F.UnpackHigh(t0, t2).AsUInt32(), Avx512F.UnpackLow(t1, t3).AsUInt32(), Avx512F.UnpackHigh(t1, t3).AsUInt32());
    }

    /// <summary>Within each 128-bit lane, the 4 × 4 transpose of the words of <paramref name="x0"/> … <paramref name="x3"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<uint>, Vector256<uint>, Vector256<uint>, Vector256<uint>) TransposeWithinLanes(Vector256<uint> x0, Vector256<uint> x1, Vector256<uint> x2, Vector256<uint> x3)
    {
        Vector256<ulong> t0 = Avx2.UnpackLow(x0, x1).AsUInt64(), t1 = Avx2.UnpackHigh(x0, x1).AsUInt64();
        Vector256<ulong> t2 = Avx2.UnpackLow(x2, x3).AsUInt64(), t3 = Avx2.UnpackHigh(x2, x3).AsUInt64();
        return (Avx2.UnpackLow(t0, t2).AsUInt32(), Avx2.UnpackHigh(t0, t2).AsUInt32(), Avx2.UnpackLow(t1, t3).AsUInt32(), Avx2.UnpackHigh(t1, t3).AsUInt32());
    }

    private static unsafe void Store(uint* words, uint x0, uint x1, uint x2, uint x3)
    {
        words[0] = x0;
        words[1] = x1;
        words[2] = x2;
        words[3] = x3;
    }
}
