using System.Reflection;
using System.Runtime.InteropServices;

namespace Eggroll.Mujoco.Native;

/// <summary>
/// Finds Debian's <c>libmujoco.so.2.2.2</c> (package <c>libmujoco2.2.2</c>) for the P/Invoke declarations of
/// <see cref="MujocoNative"/> and checks that it is version 2.2.2, whose structure layout <see cref="MujocoLayout"/>
/// describes. <see cref="EnsureLoaded"/> must run before the first native call; it throws
/// <see cref="MujocoUnavailableException"/> instead of letting a <see cref="DllNotFoundException"/> escape.
/// </summary>
internal static class MujocoLibrary
{
    /// <summary>The library name the P/Invoke declarations use.</summary>
    public const string ImportName = "mujoco";

    /// <summary>The file Debian's package installs.</summary>
    public const string FileName = "libmujoco.so.2.2.2";

    /// <summary>The Debian package that provides <see cref="FileName"/>.</summary>
    public const string Package = "libmujoco2.2.2";

    /// <summary>The version <c>mj_version()</c> reports for 2.2.2.</summary>
    public const int Version = 222;

    private static readonly Lazy<nint> Handle = new(LoadAndRegister);

    /// <summary>Loads the library once; throws <see cref="MujocoUnavailableException"/> when it is missing or of another version.</summary>
    public static void EnsureLoaded() => _ = Handle.Value;

    /// <summary>Loads <paramref name="fileName"/> and checks its version; the handle, or the one-line reason it cannot be used.</summary>
    internal static nint Load(string fileName)
    {
        if (!NativeLibrary.TryLoad(fileName, out nint handle))
        {
            throw new MujocoUnavailableException($"the MuJoCo environments need the physics engine MuJoCo 2.2.2 ({fileName}), which is not installed: install the Debian package {Package} (apt-get install {Package}).");
        }

        unsafe
        {
            var version = (delegate* unmanaged[Cdecl]<int>)NativeLibrary.GetExport(handle, "mj_version");
            int found = version();
            if (found != Version)
            {
                throw new MujocoUnavailableException($"{fileName} is MuJoCo version {found / 100}.{found / 10 % 10}.{found % 10}; the MuJoCo environments read the data layout of 2.2.2: install the Debian package {Package}.");
            }
        }

        return handle;
    }

    private static nint LoadAndRegister()
    {
        nint handle = Load(FileName);
        NativeLibrary.SetDllImportResolver(typeof(MujocoLibrary).Assembly, (name, _, _) => name == ImportName ? handle : 0);
        return handle;
    }
}
