using System.Buffers.Binary;
using System.Text;

namespace Eggroll.Tests.IO.Torch;

/// <summary>
/// Emits pickle opcodes as CPython's pickler does for protocol 2 (BINPUT memo, BINUNICODE, GLOBAL) or protocol 4
/// (FRAME, MEMOIZE, SHORT_BINUNICODE, STACK_GLOBAL); repeated globals and the strings asked to be shared come back as BINGET.
/// </summary>
internal sealed class PickleWriter
{
    private readonly MemoryStream body = new();
    private readonly Dictionary<string, int> memo = new(StringComparer.Ordinal);
    private int memoCount;

    public PickleWriter(int protocol) => Protocol = protocol;

    public int Protocol { get; }

    public PickleWriter Op(params byte[] opcodes)
    {
        body.Write(opcodes);
        return this;
    }

    public PickleWriter Op(char opcode) => Op((byte)opcode);

    public PickleWriter Mark() => Op('(');

    /// <summary>Memoizes the value on top of the stack.</summary>
    public PickleWriter Put()
    {
        int index = memoCount++;
        if (Protocol >= 4) return Op(0x94);
        if (index < 256) return Op((byte)'q', (byte)index);
        Op('r');
        return Raw(BitConverter.GetBytes((uint)index));
    }

    /// <summary>A str, memoized; <paramref name="shared"/> strings are written once and recalled after (interned in Python).</summary>
    public PickleWriter Str(string value, bool shared = false)
    {
        if (shared && Recall("s:" + value)) return this;
        byte[] utf8 = Encoding.UTF8.GetBytes(value);
        if (Protocol >= 4 && utf8.Length < 256)
        {
            Op(0x8C, (byte)utf8.Length);
        }
        else
        {
            Op('X');
            Raw(BitConverter.GetBytes((uint)utf8.Length));
        }

        Raw(utf8);
        if (shared) memo["s:" + value] = memoCount;
        return Put();
    }

    /// <summary>A global, memoized and recalled on later uses.</summary>
    public PickleWriter Global(string module, string name)
    {
        if (Recall($"g:{module}.{name}")) return this;
        if (Protocol >= 4)
        {
            Str(module, shared: true).Str(name, shared: true).Op(0x93);
        }
        else
        {
            Op('c');
            Raw(Encoding.UTF8.GetBytes($"{module}\n{name}\n"));
        }

        memo[$"g:{module}.{name}"] = memoCount;
        return Put();
    }

    public PickleWriter Int(long value)
    {
        if (value is >= 0 and < 256) return Op((byte)'K', (byte)value);
        if (value is >= 0 and < 65536) return Op((byte)'M', (byte)value, (byte)(value >> 8));
        if (value is >= int.MinValue and <= int.MaxValue)
        {
            Op('J');
            return Raw(BitConverter.GetBytes((int)value));
        }

        byte[] bytes = BitConverter.GetBytes(value);
        int length = 8;
        while (length > 1 && bytes[length - 1] == (bytes[length - 2] >= 0x80 ? 0xFF : 0) ) length--;
        Op(0x8A, (byte)length);
        return Raw(bytes.AsSpan(0, length).ToArray());
    }

    /// <summary>A tuple of ints as CPython writes it: EMPTY_TUPLE, TUPLE1-3, or MARK ... TUPLE; non-empty ones memoized.</summary>
    public PickleWriter IntTuple(long[] values)
    {
        if (values.Length == 0) return Op(')');
        if (values.Length > 3) Mark();
        foreach (long value in values) Int(value);
        return Op(values.Length switch { 1 => 0x85, 2 => 0x86, 3 => 0x87, _ => (byte)'t' }).Put();
    }

    public PickleWriter Float(double value)
    {
        Op('G');
        var bytes = new byte[8];
        BinaryPrimitives.WriteDoubleBigEndian(bytes, value);
        return Raw(bytes);
    }

    /// <summary>The pickle: PROTO, a FRAME around everything for protocol 4, then the body and STOP.</summary>
    public byte[] ToArray()
    {
        var result = new MemoryStream();
        result.Write([0x80, (byte)Protocol]);
        byte[] content = [.. body.ToArray(), (byte)'.'];
        if (Protocol >= 4)
        {
            result.WriteByte(0x95);
            result.Write(BitConverter.GetBytes((ulong)content.Length));
        }

        result.Write(content);
        return result.ToArray();
    }

    private bool Recall(string key)
    {
        if (!memo.TryGetValue(key, out int index)) return false;
        if (index < 256) Op((byte)'h', (byte)index);
        else
        {
            Op('j');
            Raw(BitConverter.GetBytes((uint)index));
        }

        return true;
    }

    private PickleWriter Raw(byte[] bytes)
    {
        body.Write(bytes);
        return this;
    }
}
