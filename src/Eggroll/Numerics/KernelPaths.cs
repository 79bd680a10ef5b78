namespace Eggroll.Numerics;

/// <summary>
/// The one switch over kernel paths. Each <see cref="KernelFamily"/> runs the fastest path that the processor
/// and the runtime support (<c>Avx512F.IsSupported</c> and the like, which honour <c>DOTNET_EnableAVX512=0</c>
/// and <c>DOTNET_EnableHWIntrinsic=0</c>) and that does not exceed the family's ceiling. The ceiling comes from
/// the environment variable <see cref="Variable"/>, read once: a level (<c>portable</c>, <c>avx2</c>,
/// <c>avx512</c>) for every family, or <c>family=level</c> for one (<c>gemm</c>, <c>noise</c>, <c>int8gemm</c>,
/// <c>int8rows</c>), comma-separated and applied in order, so <c>avx2,noise=portable</c> caps everything at
/// AVX2 and noise at scalar code. Unset, nothing is capped. A ceiling never lifts a family above what the
/// machine runs. Calls that name a kernel explicitly (as tests do) bypass the ceiling.
/// </summary>
public static class KernelPaths
{
    /// <summary>The environment variable that caps the kernel paths.</summary>
    public const string Variable = "EGGROLL_KERNELS";

    private static readonly string? Setting = Environment.GetEnvironmentVariable(Variable);

    /// <summary>The ceilings <see cref="Setting"/> asks for, or null when it is malformed (the error is raised on use).</summary>
    private static readonly KernelLevel[]? Configured = TryParse(Setting);

    private static readonly KernelLevel?[] Forced = new KernelLevel?[Enum.GetValues<KernelFamily>().Length];

    /// <summary>The highest level <paramref name="family"/> may use: a level forced by a test, else the environment's.</summary>
    /// <exception cref="ConfigException"><see cref="Variable"/> is malformed.</exception>
    public static KernelLevel Ceiling(KernelFamily family) =>
        Forced[(int)family] ?? (Configured ?? Parse(Setting))[(int)family];

    /// <summary>Throws when <see cref="Variable"/> is malformed, so a program can refuse it before any work starts.</summary>
    /// <exception cref="ConfigException"><see cref="Variable"/> is malformed.</exception>
    public static void ThrowIfInvalid() => Ceiling(KernelFamily.Gemm);

    /// <summary>Whether <paramref name="family"/> may use a path of <paramref name="level"/> (the machine must also support it).</summary>
    internal static bool Allows(KernelFamily family, KernelLevel level) => level <= Ceiling(family);

    /// <summary>
    /// The highest level up to the ceiling of <paramref name="family"/> that <paramref name="isSupported"/> accepts;
    /// <see cref="KernelLevel.Portable"/> when none does.
    /// </summary>
    internal static KernelLevel Highest(KernelFamily family, Func<KernelLevel, bool> isSupported)
    {
        for (KernelLevel level = Ceiling(family); level > KernelLevel.Portable; level--)
        {
            if (isSupported(level))
            {
                return level;
            }
        }

        return KernelLevel.Portable;
    }

    /// <summary>
    /// For tests: sets the ceiling of <paramref name="family"/> process-wide, overriding the environment, until the
    /// result is disposed. Tests that force a ceiling must not run alongside tests that rely on the default.
    /// </summary>
    internal static IDisposable Force(KernelFamily family, KernelLevel level)
    {
        var restore = new Restore(family, Forced[(int)family]);
        Forced[(int)family] = level;
        return restore;
    }

    /// <summary>Reads a setting of <see cref="Variable"/>; null or blank caps nothing.</summary>
    /// <exception cref="ConfigException">An entry names an unknown family or level.</exception>
    internal static KernelLevel[] Parse(string? setting)
    {
        var ceilings = Enum.GetValues<KernelFamily>().Select(_ => KernelLevel.Avx512).ToArray();
        foreach (string entry in (setting ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                Array.Fill(ceilings, ParseName<KernelLevel>(entry, entry));
            }
            else
            {
                var family = ParseName<KernelFamily>(entry[..equals].Trim(), entry);
                ceilings[(int)family] = ParseName<KernelLevel>(entry[(equals + 1)..].Trim(), entry);
            }
        }

        return ceilings;
    }

    private static KernelLevel[]? TryParse(string? setting)
    {
        try
        {
            return Parse(setting);
        }
        catch (ConfigException)
        {
            return null;
        }
    }

    private static T ParseName<T>(string name, string entry)
        where T : struct, Enum
    {
        foreach (T value in Enum.GetValues<T>())
        {
            if (string.Equals(name, value.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        throw new ConfigException(
            Variable,
            $"'{Echo.Of(entry)}' is not a kernel setting; use portable, avx2 or avx512 for every family, or family=level "
            + "for one (families: gemm, noise, int8gemm, int8rows), separated by commas.");
    }

    private sealed class Restore(KernelFamily family, KernelLevel? previous) : IDisposable
    {
        public void Dispose() => Forced[(int)family] = previous;
    }
}
