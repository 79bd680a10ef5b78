using System.Buffers.Binary;
using System.Text;

namespace Eggroll.IO.Torch;

/// <summary>
/// A pickle interpreter that never imports or runs anything: it knows only the opcodes that describe plain data
/// (None, bools, ints, floats, strings, tuples, lists, dicts), the memo, and four opcodes that it hands to an
/// <see cref="IPickleHost"/> (GLOBAL/STACK_GLOBAL are checked against <see cref="IPickleHost.Allows"/>, REDUCE calls
/// <see cref="IPickleHost.Call"/>, BINPERSID calls <see cref="IPickleHost.PersistentLoad"/>). BUILD is accepted only
/// to set attributes on a dict, which are dropped. Any other opcode or global is an <see cref="InvalidDataException"/>
/// naming it, the source and the byte position.
/// </summary>
internal sealed class RestrictedUnpickler
{
    private const int HighestProtocol = 5;

    private readonly byte[] data;
    private readonly IPickleHost host;
    private readonly List<object?> stack = [];
    private readonly List<int> marks = [];
    private readonly Dictionary<long, object?> memo = [];
    private int position;

    private RestrictedUnpickler(byte[] data, IPickleHost host)
    {
        this.data = data;
        this.host = host;
    }

    /// <summary>Reads the one value pickled in <paramref name="data"/>; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="InvalidDataException">An unsupported opcode or a refused global, or the pickle is malformed or truncated.</exception>
    public static object? Load(byte[] data, string source, IPickleHost host)
    {
        var unpickler = new RestrictedUnpickler(data, host);
        int opcodeStart = 0;
        try
        {
            while (true)
            {
                opcodeStart = unpickler.position;
                byte opcode = unpickler.ReadByte();
                if (opcode == (byte)'.')
                {
                    return unpickler.Stop();
                }

                unpickler.Execute(opcode);
            }
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{source}, pickle byte {opcodeStart}: {e.Message}", e);
        }
    }

    private object? Stop()
    {
        if (stack.Count != 1 || marks.Count != 0)
        {
            throw new InvalidDataException($"STOP with {stack.Count} values and {marks.Count} open marks on the stack; expected exactly one value.");
        }

        return stack[0];
    }

    private void Execute(byte opcode)
    {
        switch (opcode)
        {
            case 0x80: Protocol(ReadByte()); break; // PROTO
            case 0x95: Read(8); break; // FRAME: the whole pickle is in memory, frames need no handling
            case (byte)'N': stack.Add(null); break; // NONE
            case 0x88: stack.Add(true); break; // NEWTRUE
            case 0x89: stack.Add(false); break; // NEWFALSE
            case (byte)'K': stack.Add((long)ReadByte()); break; // BININT1
            case (byte)'M': stack.Add((long)BinaryPrimitives.ReadUInt16LittleEndian(Read(2))); break; // BININT2
            case (byte)'J': stack.Add((long)BinaryPrimitives.ReadInt32LittleEndian(Read(4))); break; // BININT
            case 0x8A: stack.Add(Long(Read(ReadByte()))); break; // LONG1
            case (byte)'G': stack.Add(BinaryPrimitives.ReadDoubleBigEndian(Read(8))); break; // BINFLOAT
            case (byte)'X': stack.Add(Utf8(Read(Length(BinaryPrimitives.ReadUInt32LittleEndian(Read(4)))))); break; // BINUNICODE
            case 0x8C: stack.Add(Utf8(Read(ReadByte()))); break; // SHORT_BINUNICODE
            case (byte)'}': stack.Add(new PickleDict()); break; // EMPTY_DICT
            case (byte)']': stack.Add(new List<object?>()); break; // EMPTY_LIST
            case (byte)')': stack.Add(Array.Empty<object?>()); break; // EMPTY_TUPLE
            case (byte)'(': marks.Add(stack.Count); break; // MARK
            case (byte)'t': stack.Add(PopMark()); break; // TUPLE
            case 0x85: stack.Add(PopTuple(1)); break; // TUPLE1
            case 0x86: stack.Add(PopTuple(2)); break; // TUPLE2
            case 0x87: stack.Add(PopTuple(3)); break; // TUPLE3
            case (byte)'q': memo[ReadByte()] = Peek(); break; // BINPUT
            case (byte)'r': memo[BinaryPrimitives.ReadUInt32LittleEndian(Read(4))] = Peek(); break; // LONG_BINPUT
            case 0x94: memo[memo.Count] = Peek(); break; // MEMOIZE
            case (byte)'h': stack.Add(Recall(ReadByte())); break; // BINGET
            case (byte)'j': stack.Add(Recall(BinaryPrimitives.ReadUInt32LittleEndian(Read(4)))); break; // LONG_BINGET
            case (byte)'s': SetItems(PopTuple(2)); break; // SETITEM
            case (byte)'u': SetItems(PopMark()); break; // SETITEMS
            case (byte)'a': Append([Pop()]); break; // APPEND
            case (byte)'e': Append(PopMark()); break; // APPENDS
            case (byte)'c': stack.Add(Global(Line(), Line())); break; // GLOBAL
            case 0x93: StackGlobal(); break; // STACK_GLOBAL
            case (byte)'R': Reduce(); break; // REDUCE
            case (byte)'b': Build(); break; // BUILD
            case (byte)'Q': stack.Add(host.PersistentLoad(Pop())); break; // BINPERSID
            default:
                string shown = opcode is >= 0x20 and < 0x7F ? $" ('{(char)opcode}')" : "";
                throw new InvalidDataException($"opcode 0x{opcode:X2}{shown} is not supported (only the opcodes of a tensor state dict are read).");
        }
    }

    private static void Protocol(byte version)
    {
        if (version > HighestProtocol)
        {
            throw new InvalidDataException($"pickle protocol {version} is newer than the highest known ({HighestProtocol}).");
        }
    }

    private object Global(string module, string name)
    {
        var global = new PickleGlobal(module, name);
        return host.Allows(global)
            ? global
            : throw new InvalidDataException($"global {global} is not allowed: only tensor state dicts (OrderedDict, torch tensors and storages) are read, and nothing in the file is run.");
    }

    private void StackGlobal()
    {
        object? name = Pop();
        object? module = Pop();
        if (module is not string moduleName || name is not string globalName)
        {
            throw new InvalidDataException($"STACK_GLOBAL needs two strings, got {PickleValues.TypeName(module)} and {PickleValues.TypeName(name)}.");
        }

        stack.Add(Global(moduleName, globalName));
    }

    private void Reduce()
    {
        object? arguments = Pop();
        object? callable = Pop();
        if (callable is not PickleGlobal global || arguments is not object?[] tuple)
        {
            throw new InvalidDataException($"REDUCE needs a global and a tuple, got {PickleValues.TypeName(callable)} and {PickleValues.TypeName(arguments)}.");
        }

        stack.Add(host.Call(global, tuple));
    }

    private void Build()
    {
        object? state = Pop();
        if (Peek() is not PickleDict || state is not PickleDict)
        {
            throw new InvalidDataException($"BUILD of {PickleValues.TypeName(Peek())} with state {PickleValues.TypeName(state)} is not supported (only attributes of a dict are accepted, and dropped).");
        }
    }

    /// <summary>Sets <paramref name="pairs"/> (key, value, key, value, ... as they were pushed) in the dict now on top of the stack.</summary>
    private void SetItems(object?[] pairs)
    {
        if (pairs.Length % 2 != 0)
        {
            throw new InvalidDataException($"SETITEMS with an odd number ({pairs.Length}) of keys and values.");
        }

        if (Peek() is not PickleDict dict)
        {
            throw new InvalidDataException($"SETITEM on {PickleValues.TypeName(Peek())}, not a dict.");
        }

        for (int i = 0; i < pairs.Length; i += 2)
        {
            dict.Set(pairs[i], pairs[i + 1]);
        }
    }

    private void Append(object?[] items)
    {
        if (Peek() is not List<object?> list)
        {
            throw new InvalidDataException($"APPEND on {PickleValues.TypeName(Peek())}, not a list.");
        }

        list.AddRange(items);
    }

    private object? Recall(long index) =>
        memo.TryGetValue(index, out var value) ? value : throw new InvalidDataException($"memo entry {index} is read before it is written.");

    private object? Peek() =>
        stack.Count > StackFloor() ? stack[^1] : throw new InvalidDataException("the stack is empty.");

    private object? Pop()
    {
        object? value = Peek();
        stack.RemoveAt(stack.Count - 1);
        return value;
    }

    private object?[] PopTuple(int count)
    {
        var items = new object?[count];
        for (int i = count - 1; i >= 0; i--)
        {
            items[i] = Pop();
        }

        return items;
    }

    /// <summary>Pops everything above the last MARK, in stack order, and the mark.</summary>
    private object?[] PopMark()
    {
        if (marks.Count == 0)
        {
            throw new InvalidDataException("an opcode needs a MARK but there is none.");
        }

        int start = marks[^1];
        marks.RemoveAt(marks.Count - 1);
        var items = stack.GetRange(start, stack.Count - start).ToArray();
        stack.RemoveRange(start, stack.Count - start);
        return items;
    }

    private int StackFloor() => marks.Count == 0 ? 0 : marks[^1];

    private static long Long(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > 8)
        {
            throw new InvalidDataException($"a {bytes.Length}-byte integer does not fit in 64 bits.");
        }

        long value = bytes.IsEmpty || (sbyte)bytes[^1] >= 0 ? 0 : -1;
        for (int i = bytes.Length - 1; i >= 0; i--)
        {
            value = (value << 8) | bytes[i];
        }

        return value;
    }

    private static string Utf8(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidDataException("a string is not valid UTF-8.");
        }
    }

    private static int Length(uint length) =>
        length <= int.MaxValue ? (int)length : throw new InvalidDataException($"a string of {length} bytes is too long.");

    private string Line()
    {
        int end = Array.IndexOf(data, (byte)'\n', position);
        if (end < 0)
        {
            throw new InvalidDataException("the pickle ends inside a GLOBAL name.");
        }

        string line = Utf8(data.AsSpan(position, end - position));
        position = end + 1;
        return line;
    }

    private byte ReadByte() => Read(1)[0];

    private ReadOnlySpan<byte> Read(int count)
    {
        if (count > data.Length - position)
        {
            throw new InvalidDataException($"the pickle ends early (needed {count} more bytes, {data.Length - position} left).");
        }

        var bytes = data.AsSpan(position, count);
        position += count;
        return bytes;
    }
}
