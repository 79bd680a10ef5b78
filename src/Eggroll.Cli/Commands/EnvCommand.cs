using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Eggroll.IO;
using Eggroll.Tasks.Rl;

namespace Eggroll.Cli.Commands;

/// <summary><c>eggroll env rollout</c>: steps an environment through a file of actions from a given state, one JSON line per step.</summary>
internal static class EnvCommand
{
    public static Command Create()
    {
        var envOption = new Option<string>("--env") { Description = $"Environment: {EnvironmentRegistry.Names}.", Required = true };
        var stateOption = new Option<string?>("--state") { Description = "Initial internal state v1,v2,… (e.g. CartPole x,ẋ,θ,θ̇; Pendulum θ,θ̇; Acrobot θ1,θ2,θ̇1,θ̇2; MountainCar position,velocity; the MuJoCo robots qpos then qvel; the grid and puzzle layouts are in docs/environments.md) [default: drawn from --seed]." };
        var seedOption = new Option<ulong>("--seed") { Description = "Seed of the initial state when --state is not given.", DefaultValueFactory = _ => 0 };
        var actionsOption = new Option<string>("--actions") { Description = "Text file with one action per line (a discrete index, or comma-separated values).", Required = true };
        var rollout = new Command("rollout", "Print the initial observation, then one JSON line per step (observation, reward, terminated, truncated) until the actions or the episode end.");
        rollout.Options.Add(envOption);
        rollout.Options.Add(stateOption);
        rollout.Options.Add(seedOption);
        rollout.Options.Add(actionsOption);
        rollout.SetAction(parse => Rollout(parse.GetValue(envOption)!, parse.GetValue(stateOption), parse.GetValue(seedOption), parse.GetValue(actionsOption)!));
        var command = new Command("env", "Inspect the built-in environments.");
        command.Subcommands.Add(rollout);
        return command;
    }

    private static int Rollout(string name, string? stateText, ulong seed, string actionsPath)
    {
        var info = EnvironmentRegistry.Find(name) ?? throw new ConfigException("--env", $"unknown environment '{Echo.Of(name)}'; use one of {EnvironmentRegistry.Names}.");
        var env = info.Create();
        var actions = ReadActions(actionsPath, env.ActionSpace);
        var observation = new float[env.ObservationSpace.Size];
        if (stateText is null)
        {
            env.Reset(seed, observation);
        }
        else
        {
            double[] state = ParseValues(stateText, "--state");
            if (state.Length != env.StateSize)
            {
                throw new ConfigException("--state", $"{info.Name} has a state of {env.StateSize} values, got {state.Length}.");
            }

            try
            {
                env.SetState(state, observation);
            }
            catch (ArgumentException error)
            {
                throw new ConfigException("--state", error.Message);
            }
        }

        Console.WriteLine(JsonSerializer.Serialize(new { step = 0, observation }, JsonDefaults.Compact));
        for (int i = 0; i < actions.Count; i++)
        {
            var result = env.Step(actions[i], observation);
            Console.WriteLine(JsonSerializer.Serialize(new { step = i + 1, observation, reward = result.Reward, terminated = result.Terminated, truncated = result.Truncated }, JsonDefaults.Compact));
            if (result.Done)
            {
                break;
            }
        }

        return ExitCodes.Success;
    }

    private static List<float[]> ReadActions(string path, Space space)
    {
        if (!File.Exists(path))
        {
            throw new ConfigException("--actions", $"{path}: file not found.");
        }

        var actions = new List<float[]>();
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            string where = $"{path}:{lineNumber}";
            float[] action = ParseValues(line, where).Select(v => (float)v).ToArray();
            if (action.Length != space.Size)
            {
                throw new ConfigException(where, $"an action has {space.Size} value(s), got {action.Length}.");
            }

            if (space is DiscreteSpace discrete && (action[0] != MathF.Round(action[0]) || action[0] < 0 || action[0] >= discrete.Count))
            {
                throw new ConfigException(where, $"a discrete action must be a whole number in [0, {discrete.Count}), got {Echo.Of(line.Trim())}.");
            }

            actions.Add(action);
        }

        return actions;
    }

    private static double[] ParseValues(string text, string where)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
            {
                throw new ConfigException(where, $"'{Echo.Of(parts[i])}' is not a finite number.");
            }
        }

        return values;
    }
}
