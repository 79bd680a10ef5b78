using System.Runtime.InteropServices;

namespace Eggroll.Mujoco.Native;

/// <summary>The few functions of MuJoCo's C API (mujoco.h of 2.2.2) the environments use. Call <see cref="MujocoLibrary.EnsureLoaded"/> first.</summary>
internal static unsafe class MujocoNative
{
    /// <summary><c>mjOBJ_BODY</c> of <c>mjtObj</c>.</summary>
    public const int ObjectBody = 1;

    /// <summary><c>mjOBJ_SITE</c> of <c>mjtObj</c>.</summary>
    public const int ObjectSite = 6;

    /// <summary><c>mjOBJ_ACTUATOR</c> of <c>mjtObj</c>.</summary>
    public const int ObjectActuator = 18;

    /// <summary>Initialises an empty virtual file system.</summary>
    [DllImport(MujocoLibrary.ImportName, EntryPoint = "mj_defaultVFS")]
    public static extern void DefaultVfs(byte* vfs);

    /// <summary>Adds an empty file of <paramref name="size"/> bytes to the VFS; 0 on success.</summary>
    [DllImport(MujocoLibrary.ImportName, EntryPoint = "mj_makeEmptyFileVFS")]
    public static extern int MakeEmptyFileVfs(byte* vfs, byte* fileName, int size);

    /// <summary>Index of a file in the VFS, −1 if absent.</summary>
    [DllImport(MujocoLibrary.ImportName, EntryPoint = "mj_findFileVFS")]
    public static extern int FindFileVfs(byte* vfs, byte* fileName);

    /// <summary>Frees the files of the VFS (not the VFS itself).</summary>
    [DllImport(MujocoLibrary.ImportName, EntryPoint = "mj_deleteVFS")]
    public static extern void DeleteVfs(byte* vfs);

    /// <summary>Parses and compiles an MJCF file; null and a message in <paramref name="error"/> on failure.</summary>
    [DllImport(MujocoLibrary.ImportName, EntryPoint = "mj_loadXML")]
    public static extern nint LoadXml(byte* fileName, byte* vfs, byte* error, int errorSize);

    /// <summary>Frees a model.</summary>
    [DllImport(MujocoLibrary.ImportName, EntryPoint = "mj_deleteModel")]
    public static extern void DeleteModel(nint model);

    /// <summary>Allocates the data of a model.</summary>
    [DllImport(MujocoLibrary.ImportName, EntryPoint = "mj_makeData")]
    public static extern nint MakeData(NativeObject model);

    /// <summary>Frees data.</summary>
    [DllImport(MujocoLibrary.ImportName, EntryPoint = "mj_deleteData")]
    public static extern void DeleteData(nint data);

    /// <summary>Resets data to the model's defaults (qpos0, zero velocity, time 0).</summary>
    [DllImport(MujocoLibrary.ImportName, EntryPoint = "mj_resetData")]
    public static extern void ResetData(NativeObject model, NativeObject data);

    /// <summary>Advances the simulation by one timestep.</summary>
    [DllImport(MujocoLibrary.ImportName, EntryPoint = "mj_step")]
    public static extern void Step(NativeObject model, NativeObject data);

    /// <summary>Computes every derived quantity of the current state without integrating.</summary>
    [DllImport(MujocoLibrary.ImportName, EntryPoint = "mj_forward")]
    public static extern void Forward(NativeObject model, NativeObject data);

    /// <summary>Computes cacc, cfrc_int and cfrc_ext, which mj_step leaves stale unless a sensor needs them.</summary>
    [DllImport(MujocoLibrary.ImportName, EntryPoint = "mj_rnePostConstraint")]
    public static extern void RnePostConstraint(NativeObject model, NativeObject data);

    /// <summary>Potential energy into <c>energy[0]</c>.</summary>
    [DllImport(MujocoLibrary.ImportName, EntryPoint = "mj_energyPos")]
    public static extern void EnergyPosition(NativeObject model, NativeObject data);

    /// <summary>Kinetic energy into <c>energy[1]</c>.</summary>
    [DllImport(MujocoLibrary.ImportName, EntryPoint = "mj_energyVel")]
    public static extern void EnergyVelocity(NativeObject model, NativeObject data);

    /// <summary>The id of the object of type <paramref name="type"/> called <paramref name="name"/>, −1 if none.</summary>
    [DllImport(MujocoLibrary.ImportName, EntryPoint = "mj_name2id")]
    public static extern int NameToId(NativeObject model, int type, byte* name);
}
