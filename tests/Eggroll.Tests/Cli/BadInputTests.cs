using System.Text.Json;
using Eggroll.Population;
using Eggroll.Tasks.Supervised;
using Eggroll.Training;
using Eggroll.Population.Strategies;
using Eggroll.IO;
using Eggroll.Training.Optimizers;

namespace Eggroll.Tests.Cli;

/// <summary>Mistakes on the command line and in config files: exit code 2 and one line naming the option or field and the value.</summary>
[Collection(ThreadCountCollection.Name)]
public sealed class BadInputTests : IClassFixture<TemporaryDirectory>
{
    private readonly string directory;

    public BadInputTests(TemporaryDirectory temporary) => directory = temporary.CreateSubdirectory();

    [Theory]
    [InlineData("frob", "unknown command or stray argument 'frob'")]
    [InlineData("train --frob 1", "unknown option '--frob'")]
    [InlineData("eval", "--checkpoint is required")]
    [InlineData("train --seed 1 --seed 2", "--seed: given 2 times ('1', '2')")]
    [InlineData("train stray", "stray argument 'stray'")]
    [InlineData("env rollout --env CartPole-v1 --actions a.txt --seed abc", "--seed: 'abc' is not a whole number ≥ 0")]
    [InlineData("experiment rank --fitness cube", "--fitness: 'cube' is not one of sine, tanh, square")]
    [InlineData("bench gemm --repeats 9999999999", "--repeats: '9999999999' is not a whole number (at most 2147483647)")]
    [InlineData("experiment rl-suite --methods eggroll,sgd", "--methods: unknown method 'sgd'; use eggroll, openes or ppo.")]
    public void Parse_errors_exit_with_2_and_one_line_naming_the_option_and_value(string commandLine, string expected)
    {
        var run = CapturedRun.Of(commandLine.Split(' '));

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: ", run.ErrorLine);
        Assert.Contains(expected, run.ErrorLine);
        Assert.DoesNotContain("System.", run.ErrorLine);
    }

    [Theory]
    [InlineData("train", """{ "evolution": { "sigma": 0.1, "sigma": 0.2 } }""", "evolution.sigma")]
    [InlineData("train rl", """{ "env": { "name": "Pendulum-v1" }, "env": { "episodesPerMember": 2 } }""", "env")]
    [InlineData("train lm", """{ "training": { "update": { "rank": 1, "alpha": 0.5, "rank": 2 } } }""", "training.update.rank")]
    public void A_config_key_given_twice_is_a_user_error_naming_the_file_and_the_key(string verb, string json, string key)
    {
        string path = Path.Combine(directory, "twice.json");
        File.WriteAllText(path, json);

        var run = CapturedRun.Of([.. verb.Split(' '), "--config", path, "--out", Path.Combine(directory, "run")]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"error: {path}: the key {key} is given twice; give each field once.", run.ErrorLine);
    }

    [Fact]
    public void Huge_values_are_cut_in_error_messages()
    {
        string path = Path.Combine(directory, "huge.json");
        File.WriteAllText(path, $$"""{ "evolution": { "sigma": "{{new string('x', 1_000_000)}}" } }""");

        var fromFile = CapturedRun.Of(["train", "--config", path]);
        var fromCommandLine = CapturedRun.Of(["train", new string('y', 100_000)]);

        Assert.Equal(2, fromFile.ExitCode);
        Assert.Contains("evolution.sigma", fromFile.ErrorLine);
        Assert.Contains($"\"{new string('x', 199)}… (1000002 characters)", fromFile.ErrorLine);
        Assert.True(fromFile.ErrorLine.Length < 500, fromFile.ErrorLine.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(2, fromCommandLine.ExitCode);
        Assert.Contains($"'{new string('y', 200)}… (100000 characters)'", fromCommandLine.ErrorLine);
        Assert.True(fromCommandLine.ErrorLine.Length < 500);
    }

    [Fact]
    public void A_rollout_from_a_huge_state_writes_non_finite_numbers_as_json_null()
    {
        string actions = Path.Combine(directory, "actions.txt");
        File.WriteAllText(actions, "1\n-1\n");

        var run = CapturedRun.Of(["env", "rollout", "--env", "Pendulum-v1", "--state", "1e308,1e308", "--actions", actions]);

        Assert.Equal(0, run.ExitCode);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(3, lines.Count);
        Assert.Equal(JsonValueKind.Null, lines[0].GetProperty("observation")[2].ValueKind);
        Assert.Equal(JsonValueKind.Null, lines[1].GetProperty("reward").ValueKind);
    }

    [Theory]
    [InlineData("bench throughput --repeats 0", "--repeats: must be between 1 and 10000, got 0.")]
    [InlineData("bench throughput --width 1000000", "--width: must be between 1 and 16384, got 1000000.")]
    [InlineData("bench throughput --population 64,7", "--population: every N must be even (antithetic pairs), got 7.")]
    [InlineData("bench throughput --rows 0", "--rows: expects whole numbers between 1 and 1048576 separated by commas, got '0'.")]
    [InlineData("bench throughput --population 1048576 --rows 64", "the largest N × T × width, 68719476736, is more activations than one array holds")]
    [InlineData("bench forward --widths 256,16385", "--widths: expects whole numbers between 1 and 16384 separated by commas, got '16385'.")]
    [InlineData("bench forward --population 1023", "--population: every N must be even (antithetic pairs), got 1023.")]
    [InlineData("bench forward --ranks 0", "--ranks: expects whole numbers between 1 and 256 separated by commas, got '0'.")]
    [InlineData("bench forward --rows 0", "--rows: must be between 1 and 1048576, got 0.")]
    [InlineData("bench forward --noise-table -1", "--noise-table: must be between 0 and 268435456, got -1.")]
    [InlineData("bench forward --noise binary", "--noise: expects 'gaussian', 'rademacher' or 'gaussian16', got 'binary'.")]
    [InlineData("bench throughput --noise normal", "--noise: expects 'gaussian', 'rademacher' or 'gaussian16', got 'normal'.")]
    [InlineData("bench lm --noise signs", "--noise: expects 'gaussian', 'rademacher' or 'gaussian16', got 'signs'.")]
    [InlineData("bench forward --population 1048576 --rows 2 --widths 16384", "N × T × width, 34359738368, is more activations than one array holds")]
    [InlineData("bench gemm --warmup -1", "--warmup: must be between 0 and 10000, got -1.")]
    [InlineData("bench gemm --ghz 0", "--ghz: must be between 0 and 100 (GHz), got 0.")]
    [InlineData("bench int8 --threads 5000", "--threads: must be between 0 and 1024, got 5000.")]
    [InlineData("bench int8 --population 0", "--population: expects whole numbers between 2 and 1048576 separated by commas, got '0'.")]
    [InlineData("bench cluster --workers 0", "--workers: expects whole numbers between 1 and 16 separated by commas, got '0'.")]
    [InlineData("bench cluster --population 511", "--population: every N must be even (antithetic pairs), got 511.")]
    [InlineData("bench cluster --coordinator-population 1024,1025", "--coordinator-population: every N must be even (antithetic pairs).")]
    public void Bench_options_out_of_range_are_refused_before_measuring(string commandLine, string expected)
    {
        var run = CapturedRun.Of(commandLine.Split(' '));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.ErrorLine);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public void Bench_int8_writes_its_results_to_json()
    {
        string json = Path.Combine(directory, "int8", "int8.json");

        var run = CapturedRun.Of(["bench", "int8", "--warmup", "0", "--repeats", "1", "--population", "2,4", "--width", "8", "--layers", "1", "--threads", "1", "--json", json]);

        Assert.Equal(0, run.ExitCode);
        var root = JsonDocument.Parse(File.ReadAllText(json)).RootElement;
        Assert.Equal(7, root.GetProperty("gemm").GetArrayLength());
        Assert.True(root.GetProperty("gemm")[0].GetProperty("int8Gops").GetDouble() > 0);
        Assert.Equal([2, 4], root.GetProperty("training").EnumerateArray().Select(r => r.GetProperty("population").GetInt32()));
    }

    [Fact]
    public void Bench_forward_writes_one_result_per_width_and_rank_to_json_and_draws_the_chart()
    {
        string json = Path.Combine(directory, "forward", "forward.json");
        string png = Path.Combine(directory, "forward", "forward.png");

        var run = CapturedRun.Of(["bench", "forward", "--widths", "16,32", "--ranks", "1,2", "--population", "8", "--rows", "2", "--warmup", "0", "--repeats", "1", "--threads", "1", "--noise-table", "4096", "--json", json, "--png", png]);

        Assert.Equal(0, run.ExitCode);
        var root = JsonDocument.Parse(File.ReadAllText(json)).RootElement;
        Assert.Equal((8, 4096), (root.GetProperty("settings").GetProperty("population").GetInt32(), root.GetProperty("settings").GetProperty("noiseTable").GetInt32()));
        Assert.False(string.IsNullOrEmpty(root.GetProperty("machine").GetProperty("cpu").GetString()));
        var results = root.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal([(16, 1), (16, 2), (32, 1), (32, 2)], results.Select(r => (r.GetProperty("width").GetInt32(), r.GetProperty("rank").GetInt32())));
        Assert.All(results, r =>
        {
            Assert.Equal(2, r.GetProperty("rowsPerMember").GetInt32());
            Assert.All(["plainMilliseconds", "pregeneratedMilliseconds", "onTheFlyMilliseconds", "tableMilliseconds", "pregeneratedPercent", "onTheFlyPercent", "tablePercent"], field => Assert.True(r.GetProperty(field).GetDouble() > 0, field));
        });
        Assert.True(new FileInfo(png).Length > 0);
    }

    [Theory]
    [InlineData("lm sample --checkpoint none --temperature NaN", "--temperature: 'NaN' is not a finite number.")]
    [InlineData("lm sample --checkpoint none --temperature Infinity", "--temperature: 'Infinity' is not a finite number.")]
    [InlineData("lm sample --checkpoint none --temperature -1", "--temperature: must be between 0 and 1000000, got -1.")]
    [InlineData("experiment rank --sigma NaN", "--sigma: 'NaN' is not a finite number.")]
    [InlineData("train --sigma NaN", "evolution.sigma: must be a finite number, got NaN or null")]
    [InlineData("train --lr 1e999", "optimizer.learningRate: must be a finite number, got Infinity")]
    [InlineData("train --set optimizer.beta1=null", "optimizer.beta1: must be a finite number, got NaN or null")]
    [InlineData("train rl --set evolution.sigma=\"-Infinity\"", "evolution.sigma: must be a finite number, got -Infinity")]
    [InlineData("train lm --minutes Infinity", "minutes: must be a finite number, got Infinity")]
    [InlineData("train lm --alpha NaN", "training.update.alpha: must be a finite number, got NaN or null")]
    public void Non_finite_numbers_are_refused_wherever_a_number_is_expected(string commandLine, string expected)
    {
        var run = CapturedRun.Of([.. commandLine.Split(' '), .. commandLine.StartsWith("train", StringComparison.Ordinal) ? new[] { "--out", Path.Combine(directory, "nan") } : []]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.ErrorLine);
        Assert.False(Directory.Exists(Path.Combine(directory, "nan")));
    }

    [Fact]
    public void A_rank_above_every_matrix_dimension_is_refused_naming_the_largest_dimension()
    {
        var run = CapturedRun.Of(["train", "--rank", "100", "--out", Path.Combine(directory, "rank")]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: evolution.rank: must not exceed min(rows, cols) of the largest perturbed matrix, 32 (2.weight: 32×32), got 100.", run.ErrorLine);
    }

    [Theory]
    [InlineData("train --set evolution.population=8 --population 7", "evolution.population", "got 7 (in default config")]
    [InlineData("train rl --set env.name=Pendulum-v1 --env CartPole-v1 --set evolution.population=3", "evolution.population", "got 3 (in defaults of CartPole-v1")]
    [InlineData("train rl --env CartPole-v1 --set env.name=Pendulum-v1 --set evolution.population=3", "evolution.population", "got 3 (in defaults of CartPole-v1")]
    [InlineData("train lm --set model.width=8 --width 6", "model.width", "got 6 (in default config")]
    public void Shortcut_options_win_over_set_whatever_their_order(string commandLine, string field, string expected)
    {
        var run = CapturedRun.Of(commandLine.Split(' '));

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"error: {field}: ", run.ErrorLine);
        Assert.Contains(expected, run.ErrorLine);
    }

    [Theory]
    [InlineData("experiment rank", "--out")]
    [InlineData("experiment rl-suite --budget 1000000000", "--out")]
    [InlineData("bench throughput", "--out")]
    [InlineData("bench gemm --json", "--json")]
    public void An_output_path_that_cannot_be_written_is_refused_before_computing(string commandLine, string option)
    {
        string file = Path.Combine(directory, "a-file");
        File.WriteAllText(file, "");
        string target = option == "--json" ? Path.Combine(file, "out.json") : file;
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var run = CapturedRun.Of([.. commandLine.Split(' '), .. option == "--json" ? new[] { target } : [option, target]]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"error: {option}: {(option == "--json" ? file : target)} is a file; a directory is expected.", run.ErrorLine);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Theory]
    [InlineData("open-es", StrategyKind.OpenEs)]
    [InlineData("openEs", StrategyKind.OpenEs)]
    [InlineData("OPENES", StrategyKind.OpenEs)]
    [InlineData("open_es", StrategyKind.OpenEs)]
    [InlineData("Eggroll", StrategyKind.Eggroll)]
    public void Enum_values_are_read_in_any_case_and_in_kebab_case(string spelling, StrategyKind expected)
    {
        string path = Path.Combine(directory, "enum.json");
        File.WriteAllText(path, $$"""{ "evolution": { "strategy": "{{spelling}}" }, "optimizer": { "kind": "adam-w" } }""");

        var fromFile = ConfigLoader.Load<SupervisedRunConfig>(path, []);
        var fromSet = ConfigLoader.Load<SupervisedRunConfig>(null, [$"evolution.strategy={spelling}", "evolution.shaping=CENTRED-RANK", "optimizer.kind=adamw"]);

        Assert.Equal(expected, fromFile.Evolution.Strategy);
        Assert.Equal(OptimizerKind.AdamW, fromFile.Optimizer.Kind);
        Assert.Equal(expected, fromSet.Evolution.Strategy);
        Assert.Equal(ShapingKind.CentredRank, fromSet.Evolution.Shaping);
        Assert.Equal(OptimizerKind.AdamW, fromSet.Optimizer.Kind);
        Assert.Equal("\"openEs\"", JsonSerializer.Serialize(StrategyKind.OpenEs, JsonDefaults.Options));
    }

    [Fact]
    public void An_unknown_enum_value_lists_the_allowed_values()
    {
        var run = CapturedRun.Of(["train", "--strategy", "cma", "--out", Path.Combine(directory, "cma")]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: evolution.strategy: unknown value \"cma\" in default config with command-line overrides; use eggroll, openEs.", run.ErrorLine);
    }

    [Theory]
    [InlineData("train")]
    [InlineData("train rl")]
    [InlineData("train lm")]
    [InlineData("eval rl")]
    [InlineData("bench throughput")]
    [InlineData("bench gemm")]
    [InlineData("bench int8")]
    [InlineData("experiment rank")]
    [InlineData("experiment rl-suite")]
    [InlineData("env rollout")]
    [InlineData("lm baselines")]
    [InlineData("lm sample")]
    [InlineData("cluster coordinator")]
    [InlineData("cluster worker")]
    [InlineData("cluster certificates")]
    public void Help_shows_the_default_of_every_optional_option(string command)
    {
        var run = CapturedRun.Of([.. command.Split(' '), "--help"]);

        Assert.Equal(0, run.ExitCode);
        var options = HelpOptions(run.Output).Where(o => !o.Contains("(REQUIRED)", StringComparison.Ordinal) && !o.StartsWith("-?", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(options);
        Assert.All(options, o => Assert.Contains("default: ", o));
    }

    [Fact]
    public void Help_of_a_shortcut_shows_the_configs_default()
    {
        var run = CapturedRun.Of(["train", "lm", "--help"]);

        Assert.Contains(HelpOptions(run.Output), o => o.StartsWith("--width", StringComparison.Ordinal) && o.EndsWith($"[default: {new Eggroll.Models.Egg.EggConfig().Width}]", StringComparison.Ordinal));
        Assert.Contains(HelpOptions(CapturedRun.Of(["train", "--help"]).Output), o => o.StartsWith("--population", StringComparison.Ordinal) && o.EndsWith("[default: 256]", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unexpected_failure_prints_one_line_and_keeps_the_trace_in_a_file()
    {
        var run = CapturedRun.Of(["train"], () => throw new InvalidOperationException("the model broke.\nsecond line"));

        Assert.Equal(1, run.ExitCode);
        var match = System.Text.RegularExpressions.Regex.Match(run.ErrorLine, "^error: unexpected failure: the model broke; details in (.+eggroll-error-[^ ]+\\.log)$");
        Assert.True(match.Success, run.ErrorLine);
        string log = File.ReadAllText(match.Groups[1].Value);
        File.Delete(match.Groups[1].Value);
        Assert.Contains("System.InvalidOperationException: the model broke.", log);
        Assert.Contains(nameof(An_unexpected_failure_prints_one_line_and_keeps_the_trace_in_a_file), log);
    }

    [Fact]
    public void A_user_error_stays_exit_code_2_and_one_line_without_a_log()
    {
        var run = CapturedRun.Of(["train"], () => throw new ConfigException("evolution.sigma", "must be positive."));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("error: evolution.sigma: must be positive.", run.ErrorLine);
    }

    /// <summary>The option rows of a help text, each with its wrapped continuation lines joined.</summary>
    private static List<string> HelpOptions(string help)
    {
        var rows = new List<string>();
        bool inOptions = false;
        foreach (string line in help.Split('\n').Select(l => l.TrimEnd()))
        {
            if (line.Length == 0 || !line.StartsWith(' '))
            {
                inOptions = line.StartsWith("Options:", StringComparison.Ordinal);
                continue;
            }

            if (inOptions && line.StartsWith("  -", StringComparison.Ordinal))
            {
                rows.Add(line.Trim());
            }
            else if (inOptions && rows.Count > 0)
            {
                rows[^1] += " " + line.Trim();
            }
        }

        return rows;
    }
}
