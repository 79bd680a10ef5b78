using System.Runtime.Intrinsics.X86;
using BenchmarkDotNet.Attributes;
using Eggroll.Numerics.CodeGen;

namespace Eggroll.Benchmarks;

/// <summary>
/// Throughput of the 512-bit multiply-accumulate instructions a matrix product could be built on, one
/// thread: a generated loop of 16 independent instructions (no dependency between them inside an
/// iteration, so only throughput counts). The time per operation is the time per instruction; the
/// arithmetic per instruction is fp32 FMA: 16 multiply-adds, bf16 <c>vdpbf16ps</c>: 32, fp16
/// <c>vfmadd231ph</c>: 32 (with fp16 sums), int8 <c>vpdpbusd</c>: 64. Needs Linux x64 with
/// AVX-512 and, for each instruction, its CPUID feature (AVX512_BF16, AVX512_FP16, AVX512_VNNI);
/// elsewhere the setup fails with a message.
/// </summary>
public class DotInstructionBenchmarks
{
    private const int Independent = 16;
    private const long Iterations = 1_000_000;
    private const int Map0F38 = 2, Map6 = 6;
    private const byte Vpxord = 0xEF;

    private unsafe delegate* unmanaged<long, void> loop;

    /// <summary>The instruction repeated by the loop.</summary>
    [Params("vfmadd231ps", "vdpbf16ps", "vfmadd231ph", "vpdpbusd")]
    public string Instruction { get; set; } = "vfmadd231ps";

    /// <summary>Generates the loop for <see cref="Instruction"/>.</summary>
    [GlobalSetup]
    public unsafe void Setup()
    {
        var leaf7 = X86Base.CpuId(7, 0);
        var (opcode, map, prefix, supported) = Instruction switch
        {
            "vfmadd231ps" => ((byte)0xB8, Map0F38, EvexEmitter.Prefix66, true),
            "vdpbf16ps" => ((byte)0x52, Map0F38, EvexEmitter.PrefixF3, (X86Base.CpuId(7, 1).Eax & (1 << 5)) != 0),
            "vfmadd231ph" => ((byte)0xB8, Map6, EvexEmitter.Prefix66, (leaf7.Edx & (1 << 23)) != 0),
            _ => ((byte)0x50, Map0F38, EvexEmitter.Prefix66, (leaf7.Ecx & (1 << 11)) != 0),
        };
        if (!supported || !Avx512F.IsSupported)
        {
            throw new PlatformNotSupportedException($"This CPU does not run {Instruction} on 512-bit registers.");
        }

        var e = new EvexEmitter();
        for (int register = 0; register < 32; register++)
        {
            // Zeros everywhere: leftover register contents could be subnormal, and floating-point
            // instructions on subnormals take microcode assists.
            e.Registers(Vpxord, EvexEmitter.Map0F, EvexEmitter.Prefix66, register, register, register);
        }

        e.Raw(0x48, 0x89, 0xF8); // mov rax, rdi: iterations
        int top = e.Length;
        for (int register = 0; register < Independent; register++)
        {
            e.Registers(opcode, map, prefix, register, 30, 31);
        }

        e.Raw(0x48, 0xFF, 0xC8); // dec rax
        e.JumpIfNotZero(top);
        e.Raw(0xC5, 0xF8, 0x77, 0xC3); // vzeroupper; ret
        loop = (delegate* unmanaged<long, void>)ExecutableCode.TryCreate(e.ToArray());
        if (loop == null)
        {
            throw new PlatformNotSupportedException("Generated code needs Linux x64 and a system that allows executable mappings.");
        }
    }

    /// <summary>Runs the loop; the reported time is per instruction.</summary>
    [Benchmark(OperationsPerInvoke = (int)(Independent * Iterations))]
    public unsafe void Run() => loop(Iterations);
}
