using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Eggroll.Numerics;

namespace Eggroll.Cli.Bench;

/// <summary>What a benchmark ran on, printed beside every number.</summary>
internal sealed record MachineInfo(string Cpu, int LogicalCores, int Threads, string Isa, string Runtime, string Os)
{
    public static MachineInfo Current() => new(
        CpuModel(),
        Environment.ProcessorCount,
        Parallelism.MaxThreads,
        string.Join(" ", new (bool Supported, string Name)[]
        {
            (Vector512.IsHardwareAccelerated, "Vector512"),
            (Avx512F.IsSupported, "AVX-512F"),
            (Avx512BW.IsSupported, "AVX-512BW"),
            (AvxVnni.IsSupported, "AVX-VNNI"),
            (Avx2.IsSupported, "AVX2"),
            (Fma.IsSupported, "FMA"),
        }.Where(f => f.Supported).Select(f => f.Name)),
        RuntimeInformation.FrameworkDescription,
        RuntimeInformation.OSDescription);

    public override string ToString() => $"{Cpu}, {LogicalCores} logical cores, {Threads} threads used, {Isa}; {Runtime} on {Os}";

    private static string CpuModel()
    {
        const string cpuInfo = "/proc/cpuinfo";
        string? line = File.Exists(cpuInfo) ? File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
        return line?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
    }
}
