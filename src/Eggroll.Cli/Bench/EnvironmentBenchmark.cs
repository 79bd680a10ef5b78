using Eggroll.Numerics;
using Eggroll.Tasks.Rl;

namespace Eggroll.Cli.Bench;

/// <summary>
/// Environment steps per second of one environment: the simulator alone (a vector of instances stepped with
/// random actions, auto-reset) and inside <c>train rl</c> (whole EGGROLL epochs with the environment's default
/// policy: rollouts, batched policy forward passes and the update).
/// </summary>
internal static class EnvironmentBenchmark
{
    private const int ActionPool = 8;

    /// <summary>Steps per wall-clock and per CPU second of <paramref name="population"/> instances stepped <paramref name="steps"/> times with random actions, after one untimed step.</summary>
    public static StepRate SimulatorSteps(EnvironmentInfo environment, int population, int steps)
    {
        var vector = new VectorEnvironment(environment.Create, population, autoReset: true);
        var observations = new Matrix(population, vector.ObservationSpace.Size);
        var rewards = new double[population];
        bool[] terminated = new bool[population], truncated = new bool[population];
        var actions = RandomActions(vector.ActionSpace, population);
        vector.Reset([.. Enumerable.Range(0, population).Select(i => (ulong)i)], observations);
        vector.Step(actions[0], observations, rewards, terminated, truncated);
        var timer = StepRate.Start();
        for (int t = 0; t < steps; t++)
        {
            vector.Step(actions[t % ActionPool], observations, rewards, terminated, truncated);
        }

        return timer.Stop((long)population * steps);
    }

    /// <summary>Steps per wall-clock and per CPU second of the first <paramref name="epochs"/> EGGROLL epochs of <paramref name="config"/>.</summary>
    public static StepRate TrainingSteps(RlRunConfig config, int epochs)
    {
        var run = RlRun.Create(config);
        var trainer = run.CreateTrainer();
        long steps = 0;
        var timer = StepRate.Start();
        for (int e = 0; e < epochs; e++)
        {
            trainer.RunEpoch();
            steps += run.Objective.LastEpochSteps;
        }

        return timer.Stop(steps);
    }

    private static Matrix[] RandomActions(Space space, int population)
    {
        var random = new Random(1);
        var pool = new Matrix[ActionPool];
        for (int p = 0; p < ActionPool; p++)
        {
            pool[p] = new Matrix(population, space.Size);
            var values = pool[p].Data;
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = space switch
                {
                    BoxSpace box => box.Low[i % space.Size] + (random.NextSingle() * (box.High[i % space.Size] - box.Low[i % space.Size])),
                    DiscreteSpace discrete => random.Next(discrete.Count),
                    _ => throw new NotSupportedException($"Unknown action space {space.GetType().Name}."),
                };
            }
        }

        return pool;
    }
}
