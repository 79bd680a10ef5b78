using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;

namespace Eggroll.Tests.Architecture;

/// <summary>
/// Every type a type uses: its base type and interfaces, the types in its members' signatures and the
/// types its method bodies touch (read from the IL). Compiler-generated types (lambdas, closures,
/// iterators, async state machines) are reported as, and scanned for, the type that declares them.
/// </summary>
internal static class TypeDependencies
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>The type that answers for <paramref name="type"/>: itself, or for compiler-generated types the first declaring type written by hand.</summary>
    public static Type Owner(Type type)
    {
        while (type.IsNested && IsCompilerGenerated(type))
        {
            type = type.DeclaringType!;
        }

        return type;
    }

    /// <summary>The owners of all types <paramref name="type"/> uses, itself excluded.</summary>
    public static IReadOnlySet<Type> Of(Type type)
    {
        var used = new HashSet<Type>();
        void Add(Type? t) => AddComponents(t, used);

        Add(type.BaseType);
        foreach (var i in type.GetInterfaces()) Add(i);
        foreach (var a in type.GetCustomAttributesData()) Add(a.AttributeType);
        foreach (var g in type.IsGenericTypeDefinition ? type.GetGenericArguments() : [])
        {
            foreach (var c in g.GetGenericParameterConstraints()) Add(c);
        }

        foreach (var f in type.GetFields(Declared)) Add(f.FieldType);
        foreach (var p in type.GetProperties(Declared)) Add(p.PropertyType);
        foreach (var e in type.GetEvents(Declared)) Add(e.EventHandlerType);
        foreach (var m in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            AddSignature(m, used);
            AddBody(type, m, used);
        }

        var owners = used.Select(Owner).ToHashSet();
        owners.Remove(Owner(type));
        return owners;
    }

    private static bool IsCompilerGenerated(Type type) =>
        type.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false) || type.Name.StartsWith('<');

    private static void AddSignature(MethodBase method, HashSet<Type> used)
    {
        if (method is MethodInfo info) AddComponents(info.ReturnType, used);
        foreach (var p in method.GetParameters()) AddComponents(p.ParameterType, used);
        if (method.IsGenericMethod)
        {
            foreach (var g in method.GetGenericArguments()) AddComponents(g, used);
        }
    }

    private static void AddBody(Type type, MethodBase method, HashSet<Type> used)
    {
        var body = method.GetMethodBody();
        if (body is null) return;
        foreach (var local in body.LocalVariables) AddComponents(local.LocalType, used);
        foreach (var clause in body.ExceptionHandlingClauses)
        {
            if (clause.Flags == ExceptionHandlingClauseOptions.Clause) AddComponents(clause.CatchType, used);
        }

        var typeArguments = type.IsGenericType ? type.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var il = body.GetILAsByteArray() ?? [];
        int at = 0;
        while (at < il.Length)
        {
            short value = il[at] == 0xFE ? (short)(0xFE00 | il[at + 1]) : il[at];
            var opCode = OpCodesByValue[value];
            at += opCode.Size;
            if (IsMemberToken(opCode.OperandType))
            {
                int token = BitConverter.ToInt32(il, at);
                AddMember(method.Module.ResolveMember(token, typeArguments, methodArguments), used);
            }

            at += OperandSize(opCode.OperandType, il, at);
        }
    }

    private static bool IsMemberToken(OperandType operand) =>
        operand is OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineType or OperandType.InlineTok;

    private static int OperandSize(OperandType operand, byte[] il, int at) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
        _ => 4,
    };

    private static void AddMember(MemberInfo? member, HashSet<Type> used)
    {
        switch (member)
        {
            case Type t:
                AddComponents(t, used);
                break;
            case FieldInfo f:
                AddComponents(f.DeclaringType, used);
                AddComponents(f.FieldType, used);
                break;
            case MethodBase m:
                AddComponents(m.DeclaringType, used);
                AddSignature(m, used);
                break;
        }
    }

    private static void AddComponents(Type? type, HashSet<Type> used)
    {
        if (type is null || type.IsGenericParameter) return;
        if (type.HasElementType)
        {
            AddComponents(type.GetElementType(), used);
            return;
        }

        if (type.IsFunctionPointer)
        {
            AddComponents(type.GetFunctionPointerReturnType(), used);
            foreach (var p in type.GetFunctionPointerParameterTypes()) AddComponents(p, used);
            return;
        }

        if (type.IsConstructedGenericType)
        {
            AddComponents(type.GetGenericTypeDefinition(), used);
            foreach (var a in type.GetGenericArguments()) AddComponents(a, used);
            return;
        }

        used.Add(type);
    }
}
