using Eggroll.Numerics.CodeGen;

namespace Eggroll.Tests.Integer;

/// <summary>Encodings checked against GNU objdump's decoding of the same bytes.</summary>
public class EvexEmitterTests
{
    [Fact]
    public void Register_form_encodes_all_three_operands_including_the_high_registers()
    {
        var e = new EvexEmitter();
        e.Registers(0x50, EvexEmitter.Map0F38, EvexEmitter.Prefix66, 15, 25, 17); // vpdpbusd zmm15, zmm25, zmm17
        e.Registers(0xEF, EvexEmitter.Map0F, EvexEmitter.Prefix66, 0, 0, 0);      // vpxord zmm0, zmm0, zmm0

        Assert.Equal(new byte[] { 0x62, 0x32, 0x35, 0x40, 0x50, 0xF9, 0x62, 0xF1, 0x7D, 0x48, 0xEF, 0xC0 }, e.ToArray());
    }

    [Fact]
    public void Memory_form_encodes_base_index_and_a_32_bit_displacement()
    {
        var e = new EvexEmitter();
        e.Memory(0x6F, EvexEmitter.Map0F, EvexEmitter.PrefixF3, 17, -1, 2, 1, 1, 0);   // vmovdqu32 zmm17, [rdx + rcx]
        e.Memory(0x58, EvexEmitter.Map0F38, EvexEmitter.Prefix66, 25, -1, 11, 10, 1, 0); // vpbroadcastd zmm25, [r11 + r10]

        Assert.Equal(
            new byte[] { 0x62, 0xE1, 0x7E, 0x48, 0x6F, 0x8C, 0x0A, 0, 0, 0, 0, 0x62, 0x02, 0x7D, 0x48, 0x58, 0x8C, 0x13, 0, 0, 0, 0 },
            e.ToArray());
    }

    [Fact]
    public void Register_moves_and_high_base_registers_encode_as_objdump_reads_them()
    {
        var e = new EvexEmitter();
        e.Registers(0x6F, EvexEmitter.Map0F, EvexEmitter.Prefix66, 0, 0, 26);         // vmovdqa32 zmm0, zmm26
        e.Memory(0x6F, EvexEmitter.Map0F, EvexEmitter.PrefixF3, 27, -1, 14, -1, 1, 64); // vmovdqu32 zmm27, [r14 + 64]

        Assert.Equal(
            new byte[] { 0x62, 0x91, 0x7D, 0x48, 0x6F, 0xC2, 0x62, 0x41, 0x7E, 0x48, 0x6F, 0x9E, 0x40, 0, 0, 0 },
            e.ToArray());
    }

    [Fact]
    public void A_backward_jump_lands_on_its_target()
    {
        var e = new EvexEmitter();
        e.Raw(0x90, 0x90);
        e.JumpIfNotZero(0);

        Assert.Equal(new byte[] { 0x90, 0x90, 0x0F, 0x85, 0xF8, 0xFF, 0xFF, 0xFF }, e.ToArray());
    }

    [Fact]
    public void Stack_pointer_based_addresses_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new EvexEmitter().Memory(0x6F, EvexEmitter.Map0F, EvexEmitter.PrefixF3, 0, -1, 4, -1, 1, 0));
    }
}
