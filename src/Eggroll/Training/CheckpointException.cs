namespace Eggroll.Training;

/// <summary>A checkpoint is missing, truncated, tampered with or does not fit the model. The message names the file.</summary>
public sealed class CheckpointException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CheckpointException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
