namespace Eggroll.Mujoco.Environments;

/// <summary>The observation the locomotion tasks share: qpos without its first coordinates (the root's position in the plane), then qvel clipped to ±clip.</summary>
internal static class LocomotionObservation
{
    /// <summary>Writes qpos[<paramref name="skippedPositions"/>..] and clip(qvel, ±<paramref name="clip"/>) to the start of <paramref name="observation"/>; returns the number of values written.</summary>
    public static int Write(MujocoSimulation simulation, int skippedPositions, double clip, Span<float> observation)
    {
        var q = simulation.Positions[skippedPositions..];
        var v = simulation.Velocities;
        for (int i = 0; i < q.Length; i++)
        {
            observation[i] = (float)q[i];
        }

        for (int i = 0; i < v.Length; i++)
        {
            observation[q.Length + i] = (float)Math.Clamp(v[i], -clip, clip);
        }

        return q.Length + v.Length;
    }
}
