using System.Globalization;
using Eggroll.Tasks.Countdown;

namespace Eggroll.Cli.Countdown;

/// <summary>One run of the Countdown experiment.</summary>
/// <param name="Method">EGGROLL or GRPO.</param>
/// <param name="Seed">The run seed.</param>
/// <param name="Directory">Its run directory.</param>
/// <param name="Config">Its config.</param>
internal sealed record CountdownExperimentRun(CountdownMethod Method, ulong Seed, string Directory, CountdownRunConfig Config)
{
    /// <summary>"EGGROLL seed 1", "GRPO seed 2", ….</summary>
    public string Label => string.Create(CultureInfo.InvariantCulture, $"{Method.ToString().ToUpperInvariant()} seed {Seed}");
}
