using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using Eggroll.Mujoco.Native;
using Eggroll.Tasks.Rl;

namespace Eggroll.Mujoco;

/// <summary>
/// A compiled MuJoCo model (<c>mjModel</c>): sizes, options and the initial configuration. It is read-only
/// after loading, so one model serves any number of <see cref="MujocoSimulation"/>s on any threads.
/// </summary>
public sealed unsafe class MujocoModel
{
    private const int ErrorSize = 1000;
    private static readonly ConcurrentDictionary<string, Lazy<MujocoModel>> Embedded = new();

    private MujocoModel(NativeObject handle)
    {
        Handle = handle;
        byte* m = (byte*)handle.Pointer;
        PositionCount = *(int*)(m + MujocoLayout.ModelNq);
        VelocityCount = *(int*)(m + MujocoLayout.ModelNv);
        ActuatorCount = *(int*)(m + MujocoLayout.ModelNu);
        BodyCount = *(int*)(m + MujocoLayout.ModelNbody);
        SiteCount = *(int*)(m + MujocoLayout.ModelNsite);
        Timestep = *(double*)(m + MujocoLayout.ModelTimestep);
        Gravity = new ReadOnlySpan<double>(m + MujocoLayout.ModelGravity, 3).ToArray();
        InitialPositions = Array(m, MujocoLayout.ModelQpos0, PositionCount);
        BodyMasses = Array(m, MujocoLayout.ModelBodyMass, BodyCount);
        var ranges = Array(m, MujocoLayout.ModelActuatorCtrlRange, 2 * ActuatorCount);
        ControlSpace = ActuatorCount == 0 ? null : new BoxSpace(
            [.. Enumerable.Range(0, ActuatorCount).Select(i => (float)ranges[2 * i])],
            [.. Enumerable.Range(0, ActuatorCount).Select(i => (float)ranges[(2 * i) + 1])]);
    }

    /// <summary>Number of generalized coordinates (<c>nq</c>).</summary>
    public int PositionCount { get; }

    /// <summary>Degrees of freedom (<c>nv</c>).</summary>
    public int VelocityCount { get; }

    /// <summary>Actuators (<c>nu</c>).</summary>
    public int ActuatorCount { get; }

    /// <summary>Bodies, the world (id 0) included (<c>nbody</c>).</summary>
    public int BodyCount { get; }

    /// <summary>Sites (<c>nsite</c>).</summary>
    public int SiteCount { get; }

    /// <summary>The simulation timestep in seconds (<c>opt.timestep</c>).</summary>
    public double Timestep { get; }

    /// <summary>The gravity vector (<c>opt.gravity</c>).</summary>
    public IReadOnlyList<double> Gravity { get; }

    /// <summary>The configuration of the model as written (<c>qpos0</c>).</summary>
    public IReadOnlyList<double> InitialPositions { get; }

    /// <summary>Mass of each body (<c>body_mass</c>).</summary>
    public IReadOnlyList<double> BodyMasses { get; }

    /// <summary>The actuators' control ranges (<c>actuator_ctrlrange</c>) as a box; null for a model without actuators.</summary>
    public BoxSpace? ControlSpace { get; }

    internal NativeObject Handle { get; }

    /// <summary>Compiles the MJCF document <paramref name="xml"/>; <see cref="InvalidDataException"/> with MuJoCo's message if it is not a valid model.</summary>
    public static MujocoModel FromXml(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        MujocoLibrary.EnsureLoaded();
        byte[] content = Encoding.UTF8.GetBytes(xml);
        byte* vfs = (byte*)NativeMemory.AllocZeroed(MujocoLayout.VfsSize);
        try
        {
            MujocoNative.DefaultVfs(vfs);
            fixed (byte* name = "model.xml\0"u8)
            {
                if (MujocoNative.MakeEmptyFileVfs(vfs, name, content.Length) != 0)
                {
                    throw new InvalidOperationException("MuJoCo could not allocate the model file in its virtual file system.");
                }

                int index = MujocoNative.FindFileVfs(vfs, name);
                byte* file = ((byte**)(vfs + MujocoLayout.VfsFileData))[index];
                content.CopyTo(new Span<byte>(file, content.Length));
                byte* error = stackalloc byte[ErrorSize];
                error[0] = 0;
                nint model = MujocoNative.LoadXml(name, vfs, error, ErrorSize);
                if (model == 0)
                {
                    throw new InvalidDataException($"MuJoCo model: {Marshal.PtrToStringUTF8((nint)error)}");
                }

                return new MujocoModel(new NativeObject(model, MujocoNative.DeleteModel));
            }
        }
        finally
        {
            MujocoNative.DeleteVfs(vfs);
            NativeMemory.Free(vfs);
        }
    }

    /// <summary>The id of the body called <paramref name="name"/>; throws if the model has none.</summary>
    public int BodyId(string name) => Id(MujocoNative.ObjectBody, name, "body");

    /// <summary>The id of the site called <paramref name="name"/>; throws if the model has none.</summary>
    public int SiteId(string name) => Id(MujocoNative.ObjectSite, name, "site");

    /// <summary>The model embedded in this assembly as Models/<paramref name="fileName"/>, compiled once per process.</summary>
    internal static MujocoModel Load(string fileName) => Embedded.GetOrAdd(fileName, f => new Lazy<MujocoModel>(() => FromXml(ReadEmbedded(f)))).Value;

    /// <summary>The text of the embedded model Models/<paramref name="fileName"/>.</summary>
    internal static string ReadEmbedded(string fileName)
    {
        using var stream = typeof(MujocoModel).Assembly.GetManifestResourceStream("Eggroll.Mujoco.Models." + fileName)
            ?? throw new InvalidOperationException($"No embedded model {fileName}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static double[] Array(byte* model, int offset, int count) => new ReadOnlySpan<double>(*(double**)(model + offset), count).ToArray();

    private int Id(int type, string name, string kind)
    {
        int id;
        fixed (byte* text = Encoding.UTF8.GetBytes(name + "\0"))
        {
            id = MujocoNative.NameToId(Handle, type, text);
        }

        return id >= 0 ? id : throw new ArgumentException($"The model has no {kind} called '{name}'.", nameof(name));
    }
}
