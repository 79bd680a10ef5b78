namespace Eggroll.Numerics.CodeGen;

/// <summary>
/// Encodes the handful of x86-64 instructions the generated int8 kernel needs: 512-bit EVEX
/// instructions on zmm0–zmm31 with register or [base + index·scale + disp32] operands, and raw
/// bytes for the few general-purpose ones. Register numbers are the hardware ones
/// (rax = 0, rcx = 1, rdx = 2, rsi = 6, rdi = 7, r8–r15 = 8–15).
/// </summary>
internal sealed class EvexEmitter
{
    /// <summary>The opcode map of the 0F escape.</summary>
    public const int Map0F = 1;

    /// <summary>The opcode map of the 0F 38 escape.</summary>
    public const int Map0F38 = 2;

    /// <summary>Implied 66 prefix.</summary>
    public const int Prefix66 = 1;

    /// <summary>Implied F3 prefix.</summary>
    public const int PrefixF3 = 2;

    private readonly List<byte> bytes = [];

    /// <summary>Bytes emitted so far.</summary>
    public int Length => bytes.Count;

    /// <summary>The encoded program.</summary>
    public byte[] ToArray() => [.. bytes];

    /// <summary>Appends bytes as they are.</summary>
    public void Raw(params byte[] code) => bytes.AddRange(code);

    /// <summary>A 512-bit instruction with three register operands: <paramref name="reg"/> (ModRM.reg), <paramref name="source"/> (EVEX.vvvv) and <paramref name="rm"/> (ModRM.rm).</summary>
    public void Registers(byte opcode, int map, int prefix, int reg, int source, int rm)
    {
        Prefix(map, prefix, reg, source, indexHigh: (rm >> 4) & 1, baseHigh: (rm >> 3) & 1);
        bytes.Add(opcode);
        bytes.Add((byte)(0xC0 | ((reg & 7) << 3) | (rm & 7)));
    }

    /// <summary>
    /// A 512-bit instruction whose rm operand is memory at [<paramref name="baseRegister"/> +
    /// <paramref name="index"/>·<paramref name="scale"/> + <paramref name="displacement"/>] (index −1 for none);
    /// <paramref name="source"/> is −1 when the instruction has no vvvv operand.
    /// </summary>
    public void Memory(byte opcode, int map, int prefix, int reg, int source, int baseRegister, int index, int scale, int displacement)
    {
        if ((baseRegister & 7) == 4 || index == 4)
        {
            throw new ArgumentException("rsp and r12 need encodings this emitter does not produce.");
        }

        Prefix(map, prefix, reg, Math.Max(source, 0), indexHigh: index < 0 ? 0 : (index >> 3) & 1, baseHigh: (baseRegister >> 3) & 1);
        bytes.Add(opcode);
        if (index < 0)
        {
            bytes.Add((byte)(0x80 | ((reg & 7) << 3) | (baseRegister & 7)));
        }
        else
        {
            int scaleBits = scale switch { 1 => 0, 2 => 1, 4 => 2, 8 => 3, _ => throw new ArgumentOutOfRangeException(nameof(scale)) };
            bytes.Add((byte)(0x80 | ((reg & 7) << 3) | 4));
            bytes.Add((byte)((scaleBits << 6) | ((index & 7) << 3) | (baseRegister & 7)));
        }

        bytes.AddRange(BitConverter.GetBytes(displacement));
    }

    /// <summary>jnz to <paramref name="target"/> (an earlier <see cref="Length"/>), with a 32-bit displacement.</summary>
    public void JumpIfNotZero(int target)
    {
        int next = Length + 6;
        Raw(0x0F, 0x85);
        bytes.AddRange(BitConverter.GetBytes(target - next));
    }

    /// <summary>The four-byte EVEX prefix: 512-bit length, W0, no masking, no broadcast.</summary>
    private void Prefix(int map, int prefix, int reg, int source, int indexHigh, int baseHigh)
    {
        int p0 = ((~reg >> 3 & 1) << 7) | ((~indexHigh & 1) << 6) | ((~baseHigh & 1) << 5) | ((~reg >> 4 & 1) << 4) | map;
        int p1 = ((~source & 0xF) << 3) | 0x04 | prefix;
        int p2 = (0b10 << 5) | ((~source >> 4 & 1) << 3);
        Raw(0x62, (byte)p0, (byte)p1, (byte)p2);
    }
}
