namespace Eggroll.Mujoco;

/// <summary>
/// The MuJoCo native library could not be used: it is not installed, or it is another version than the
/// 2.2.2 whose data layout this project reads. The message names the Debian package to install.
/// </summary>
public sealed class MujocoUnavailableException : Exception
{
    /// <summary>Creates the exception with a one-line <paramref name="message"/>.</summary>
    public MujocoUnavailableException(string message)
        : base(message)
    {
    }
}
