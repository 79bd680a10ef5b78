using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Eggroll.Noise;
using Eggroll.Numerics;
using Eggroll.Numerics.Int8;

namespace Eggroll.Tests.Numerics;

/// <summary>
/// The kernel switch: <c>EGGROLL_KERNELS</c> parsing, each family's dispatch under a forced ceiling, and the
/// runtime settings that turn instruction sets off (these checks skip in the runs where the setting is not in force).
/// </summary>
[Collection(KernelPathCollection.Name)]
public class KernelPathTests
{
    public static TheoryData<KernelLevel> Levels => new(KernelCases.Levels);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" , ")]
    public void An_unset_or_blank_setting_caps_nothing(string? setting) =>
        Assert.All(KernelPaths.Parse(setting), level => Assert.Equal(KernelLevel.Avx512, level));

    [Fact]
    public void A_bare_level_caps_every_family_and_later_entries_refine_it_in_order()
    {
        Assert.Equal([KernelLevel.Avx2, KernelLevel.Avx2, KernelLevel.Avx2, KernelLevel.Avx2], KernelPaths.Parse("avx2"));
        Assert.Equal(
            [KernelLevel.Avx2, KernelLevel.Portable, KernelLevel.Avx2, KernelLevel.Avx2],
            KernelPaths.Parse(" AVX2 , noise = Portable "));
        Assert.Equal(
            [KernelLevel.Avx512, KernelLevel.Avx512, KernelLevel.Portable, KernelLevel.Avx2],
            KernelPaths.Parse("int8gemm=avx2,int8rows=avx2,int8gemm=portable"));
        Assert.All(KernelPaths.Parse("gemm=portable,avx512"), level => Assert.Equal(KernelLevel.Avx512, level));
    }

    [Theory]
    [InlineData("avx3", "'avx3'")]
    [InlineData("avx2,blas=avx2", "'blas=avx2'")]
    [InlineData("gemm=", "'gemm='")]
    [InlineData("gemm=fast", "'gemm=fast'")]
    [InlineData("1", "'1'")]
    public void A_malformed_setting_is_refused_naming_the_variable_and_the_entry(string setting, string quoted)
    {
        var error = Assert.Throws<ConfigException>(() => KernelPaths.Parse(setting));
        Assert.Equal("EGGROLL_KERNELS", error.Field);
        Assert.Contains(quoted, error.Message);
        Assert.Contains("portable, avx2 or avx512", error.Message);
    }

    [Fact]
    public void A_malformed_setting_stops_eggroll_with_one_line_before_any_work()
    {
        var (code, output) = Lifecycle.CliProcess.RunWith(new Dictionary<string, string> { [KernelPaths.Variable] = "avx2,noise=avx3" }, "train", "--help");
        Assert.Equal(2, code);
        string line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("error: EGGROLL_KERNELS: 'noise=avx3' is not a kernel setting", line);
    }

    [Fact]
    public void Forcing_a_family_changes_only_that_family_and_only_until_disposed()
    {
        KernelLevel[] before = Enum.GetValues<KernelFamily>().Select(KernelPaths.Ceiling).ToArray();
        using (KernelPaths.Force(KernelFamily.Noise, KernelLevel.Portable))
        {
            using (KernelPaths.Force(KernelFamily.Noise, KernelLevel.Avx2))
            {
                Assert.Equal(KernelLevel.Avx2, KernelPaths.Ceiling(KernelFamily.Noise));
            }

            Assert.Equal(KernelLevel.Portable, KernelPaths.Ceiling(KernelFamily.Noise));
            Assert.Equal(before[(int)KernelFamily.Gemm], KernelPaths.Ceiling(KernelFamily.Gemm));
        }

        Assert.Equal(before, Enum.GetValues<KernelFamily>().Select(KernelPaths.Ceiling));
    }

    [SkippableFact]
    public void Unforced_every_family_runs_the_fastest_path_the_machine_supports()
    {
        Skip.IfNot(Environment.GetEnvironmentVariable(KernelPaths.Variable) is null, "EGGROLL_KERNELS is set");
        Assert.Equal(Highest(KernelLevel.Avx512, GemmKernel.IsSupported), GemmKernel.Best.Level);
        Assert.Equal(NoisePaths.For(Highest(KernelLevel.Avx512, NoiseRuns)), NoisePaths.Best);
        Assert.Equal(Enum.GetValues<Int8Kernel>().Where(Int8Kernels.IsSupported).Max(), Int8Kernels.Best);
    }

    [Theory]
    [MemberData(nameof(Levels))]
    public void The_fp32_gemm_runs_the_forced_kernel_or_the_fastest_below_it(KernelLevel level)
    {
        using var forced = KernelPaths.Force(KernelFamily.Gemm, level);
        Assert.Equal(Highest(level, GemmKernel.IsSupported), GemmKernel.Best.Level);
    }

    [Theory]
    [MemberData(nameof(Levels))]
    public void Noise_runs_the_forced_path_or_the_fastest_below_it(KernelLevel level)
    {
        using var forced = KernelPaths.Force(KernelFamily.Noise, level);
        Assert.Equal(NoisePaths.For(Highest(level, NoiseRuns)), NoisePaths.Best);
    }

    [Theory]
    [MemberData(nameof(Levels))]
    public void The_int8_gemm_runs_the_fastest_kernel_of_the_forced_level_or_below_it(KernelLevel level)
    {
        using var forced = KernelPaths.Force(KernelFamily.Int8Gemm, level);
        var allowed = Enum.GetValues<Int8Kernel>().Where(k => Int8Kernels.LevelOf(k) <= level && Int8Kernels.IsSupported(k));
        Assert.Equal(allowed.Max(), Int8Kernels.Best);
        if (level == KernelLevel.Avx512 && Int8Kernels.IsSupported(Int8Kernel.Avx512Vnni))
        {
            Assert.Equal(Int8Kernel.Avx512Vnni, Int8Kernels.Best);
        }

        if (level == KernelLevel.Portable)
        {
            Assert.Equal(Int8Kernel.Scalar, Int8Kernels.Best);
        }
    }

    [Theory]
    [MemberData(nameof(Levels))]
    public void A_product_on_the_forced_int8_kernel_equals_the_scalar_one(KernelLevel level)
    {
        var random = new Random(5);
        var x = Integer.Int8GemmTests.RandomBytes(random, 37 * 70);
        var packed = new Int8PackedMatrix(Integer.Int8GemmTests.RandomBytes(random, 45 * 70), 45, 70);
        var expected = new int[37 * 45];
        Int8Gemm.Multiply(Int8Kernel.Scalar, x, 37, packed, expected);
        using var forced = KernelPaths.Force(KernelFamily.Int8Gemm, level);
        var actual = new int[37 * 45];
        Int8Gemm.Multiply(x, 37, packed, actual);
        Assert.Equal(expected, actual);
    }

    [SkippableFact]
    public void No_family_offers_a_512_bit_path_while_the_runtime_turns_avx512_off()
    {
        Skip.If(Avx512F.IsSupported, "the runtime enables AVX-512F here; this check runs under DOTNET_EnableAVX512=0");
        Assert.False(GemmKernel.IsSupported(KernelLevel.Avx512));
        Assert.False(NoisePaths.IsSupported(NoisePath.Vector512));
        Assert.False(Int8Kernels.IsSupported(Int8Kernel.Avx512Vnni));
        Assert.NotEqual(Int8Kernel.Avx512Vnni, Int8Kernels.Best);
    }

    [SkippableFact]
    public void Only_portable_paths_run_while_the_runtime_turns_hardware_intrinsics_off()
    {
        Skip.If(Vector128.IsHardwareAccelerated, "the runtime enables hardware intrinsics here; this check runs under DOTNET_EnableHWIntrinsic=0");
        Assert.Equal(KernelLevel.Portable, GemmKernel.Best.Level);
        Assert.Equal(NoisePath.Scalar, NoisePaths.Best);
        Assert.Equal(Int8Kernel.Scalar, Int8Kernels.Best);
        Assert.Equal([Int8Kernel.Scalar], Enum.GetValues<Int8Kernel>().Where(Int8Kernels.IsSupported));
    }

    [Fact]
    public void The_highest_path_steps_down_from_the_ceiling_past_unsupported_levels_to_portable()
    {
        using (KernelPaths.Force(KernelFamily.Gemm, KernelLevel.Avx512))
        {
            var asked = new List<KernelLevel>();
            Assert.Equal(KernelLevel.Avx2, KernelPaths.Highest(KernelFamily.Gemm, level => Asked(asked, level, level == KernelLevel.Avx2)));
            Assert.Equal([KernelLevel.Avx512, KernelLevel.Avx2], asked);

            asked.Clear();
            Assert.Equal(KernelLevel.Portable, KernelPaths.Highest(KernelFamily.Gemm, level => Asked(asked, level, false)));
            Assert.Equal([KernelLevel.Avx512, KernelLevel.Avx2], asked);
        }

        using (KernelPaths.Force(KernelFamily.Gemm, KernelLevel.Avx2))
        {
            Assert.Equal(KernelLevel.Avx2, KernelPaths.Highest(KernelFamily.Gemm, _ => true));
        }
    }

    private static bool Asked(List<KernelLevel> asked, KernelLevel level, bool answer)
    {
        asked.Add(level);
        return answer;
    }

    private static bool NoiseRuns(KernelLevel level) => NoisePaths.IsSupported(NoisePaths.For(level));

    private static KernelLevel Highest(KernelLevel ceiling, Func<KernelLevel, bool> isSupported) =>
        KernelCases.Levels.Where(level => level <= ceiling && isSupported(level)).Max();
}
