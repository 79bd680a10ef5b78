using System.Runtime.Intrinsics.X86;
using Eggroll.Numerics;

namespace Eggroll.Tests.Numerics;

/// <summary>Theory data over kernel paths, and the skip that reports a path this machine cannot run.</summary>
internal static class KernelCases
{
    /// <summary>Every level, lowest first.</summary>
    public static KernelLevel[] Levels => Enum.GetValues<KernelLevel>();

    /// <summary>Each of <paramref name="levels"/> with each row of <paramref name="rows"/> after it.</summary>
    public static TheoryData<T0, T1, T2> Cross<T0, T1, T2>(IEnumerable<T0> levels, TheoryData<T1, T2> rows)
    {
        var data = new TheoryData<T0, T1, T2>();
        foreach (T0 level in levels)
        {
            foreach (object[] row in rows)
            {
                data.Add(level, (T1)row[0], (T2)row[1]);
            }
        }

        return data;
    }

    /// <summary>Each of <paramref name="levels"/> with each row of <paramref name="rows"/> after it.</summary>
    public static TheoryData<T0, T1, T2, T3> Cross<T0, T1, T2, T3>(IEnumerable<T0> levels, TheoryData<T1, T2, T3> rows)
    {
        var data = new TheoryData<T0, T1, T2, T3>();
        foreach (T0 level in levels)
        {
            foreach (object[] row in rows)
            {
                data.Add(level, (T1)row[0], (T2)row[1], (T3)row[2]);
            }
        }

        return data;
    }

    /// <summary>Skips the test when <paramref name="supported"/> is false, naming the path and the runtime settings that matter.</summary>
    public static void SkipUnless(bool supported, object path) =>
        Skip.IfNot(supported, $"{path} does not run here (CPU, or DOTNET_EnableAVX512 / DOTNET_EnableHWIntrinsic set to 0)");

    /// <summary>
    /// Forces the int8 row operations to <paramref name="level"/> until disposed, or skips the test when the
    /// instructions they use at that level are off: AVX2 for the dot product, AVX-512F for the epilogue and the norm.
    /// </summary>
    public static IDisposable ForceRowOps(KernelLevel level)
    {
        SkipUnless(level switch
        {
            KernelLevel.Avx512 => Avx512F.IsSupported,
            KernelLevel.Avx2 => Avx2.IsSupported,
            _ => true,
        }, $"int8 row operations at {level}");
        return KernelPaths.Force(KernelFamily.Int8Rows, level);
    }
}
