using System.Runtime.InteropServices;

namespace Eggroll.Mujoco.Native;

/// <summary>
/// An object MuJoCo allocated (an <c>mjModel*</c> or <c>mjData*</c>), freed by its delete function when the
/// handle is disposed or collected. Passing the handle to a P/Invoke keeps the object alive during the call.
/// </summary>
internal sealed class NativeObject : SafeHandle
{
    private readonly Action<nint> delete;

    /// <summary>Wraps <paramref name="pointer"/> (not null), which <paramref name="delete"/> frees.</summary>
    public NativeObject(nint pointer, Action<nint> delete)
        : base(0, ownsHandle: true)
    {
        SetHandle(pointer);
        this.delete = delete;
    }

    /// <inheritdoc/>
    public override bool IsInvalid => handle == 0;

    /// <summary>The raw pointer, for reading fields; valid while this handle is alive and not disposed.</summary>
    public nint Pointer => handle;

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        delete(handle);
        return true;
    }
}
