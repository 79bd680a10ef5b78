using System.Collections.Concurrent;
using System.Globalization;
using Eggroll.Tests.Lifecycle;
using Eggroll.Training;

namespace Eggroll.Tests.Cluster;

/// <summary>
/// <c>eggroll cluster coordinator</c> and <c>eggroll cluster worker</c> as separate processes on loopback: the run ends
/// bit-identical to the same run of <c>eggroll train</c> / <c>train rl</c> / <c>train lm</c> in one process, also when a worker is killed
/// mid-run or the coordinator is stopped and resumed; unreachable peers and a lost Redis are one-line errors. Every test
/// starts separate processes (category Processes).
/// </summary>
[Trait("Category", "Processes")]
public sealed class ClusterProcessTests : IClassFixture<TemporaryDirectory>
{
    private const int Epochs = 12;

    private static readonly string[] Supervised = ["--set", "evolution.population=64", "--set", "training.threads=1"];

    private static readonly string[] Rl = ["--set", "env.name=\"CartPole-v1\"", "--set", "env.normalizeObservations=true", "--set", "evolution.population=16", "--set", "env.episodesPerMember=1", "--set", "env.evalEpisodes=1", "--set", "training.threads=1"];

    /// <summary>One-process reference runs by verb, made once for the class (the fixture's directory outlives every test).</summary>
    private static readonly ConcurrentDictionary<string, Lazy<string>> References = new();

    private readonly string directory;

    public ClusterProcessTests(TemporaryDirectory temporary)
    {
        directory = temporary.CreateSubdirectory();
    }

    [Fact]
    public void ThreeWorkersOnRedisEndBitIdenticalToOneProcessEvenWhenOneIsKilledMidRun()
    {
        using var redis = RedisServer.Start();
        string run = Path.Combine(directory, "redis-kill");
        using var coordinator = Coordinator("supervised", Supervised, run, ["--redis", redis.Endpoint, "--workers", "3"]);
        using var workers = new ProcessGroup([.. Enumerable.Range(0, 3).Select(_ => Worker("supervised", Supervised, ["--redis", redis.Endpoint]))]);

        Assert.True(coordinator.WaitUntil(() => MetricsLines(run) >= 2), workers.Outputs(coordinator));
        workers.Processes[1].Signal("KILL");
        long killedAfter = MetricsLines(run);

        workers.AssertExit(coordinator, 0);
        Assert.True(killedAfter < Epochs, $"the worker was killed after the last epoch ({killedAfter})");
        AssertSameCheckpoint(SingleProcess(["train", .. Supervised]), run);
        var first = Metrics(run)[0];
        Assert.Equal(["0", "1", "2"], first.GetProperty("workerMembers").EnumerateObject().Select(p => p.Name));
        Assert.Equal(64, first.GetProperty("workerMembers").EnumerateObject().Sum(p => p.Value.GetInt64()));
        Assert.True(first.GetProperty("bytesSent").GetInt64() >= 64 * 4 * 3, "each worker is sent every score");
        Assert.True(first.GetProperty("bytesReceived").GetInt64() >= 64 * 4, "every score is received");
        Assert.True(File.Exists(Path.Combine(run, "learning-curve.png")));
        Assert.All(new[] { 0, 2 }, i => Assert.Equal(0, workers.Processes[i].WaitForExit()));
    }

    [Fact]
    public void ACoordinatorStoppedWithSigtermAndResumedSendsItsStateToTheWorkersAndEndsBitIdentical()
    {
        using var redis = RedisServer.Start();
        string run = Path.Combine(directory, "resume");
        string[] network = ["--redis", redis.Endpoint, "--workers", "2"];
        using var workers = new ProcessGroup([.. Enumerable.Range(0, 2).Select(_ => Worker("supervised", Supervised, ["--redis", redis.Endpoint, "--stay"]))]);
        using (var first = Coordinator("supervised", Supervised, run, network))
        {
            Assert.True(first.WaitUntil(() => MetricsLines(run) >= 3), workers.Outputs(first));
            first.Signal("TERM");
            workers.AssertExit(first, 143);
        }

        long stopped = RunCheckpoint.Load(Path.Combine(run, "checkpoint")).State.Epoch;
        using (var resumed = CliProcess.Start(["cluster", "coordinator", "--kind", "supervised", "--resume", run, "--epochs", Epochs.ToString(CultureInfo.InvariantCulture), "--listen", Loopback(), .. network]))
        {
            workers.AssertExit(resumed, 0);
            Assert.Contains($"resumed {run} at epoch {stopped}", resumed.Output, StringComparison.Ordinal);
        }

        Assert.True(stopped is >= 3 and < Epochs, $"stopped at epoch {stopped}");
        AssertSameCheckpoint(SingleProcess(["train", .. Supervised]), run);
        Assert.Equal(Enumerable.Range(1, Epochs).Select(e => (long)e), Metrics(run).Select(m => m.GetProperty("epoch").GetInt64()));
        foreach (var worker in workers.Processes)
        {
            worker.Signal("TERM");
            Assert.Equal(143, worker.WaitForExit());
        }
    }

    [Fact]
    public void AnRlRunWithObservationNormalisationOverTwoWorkersWithLocalhostMembershipEndsBitIdenticalToOneProcess()
    {
        string run = Path.Combine(directory, "rl");
        string listen = Loopback();
        using var coordinator = Coordinator("rl", Rl, run, ["--listen", listen, "--workers", "2"]);
        using var workers = new ProcessGroup([.. Enumerable.Range(0, 2).Select(_ => Worker("rl", Rl, ["--join", listen]))]);

        workers.AssertExit(coordinator, 0);
        AssertSameCheckpoint(SingleProcess(["train", "rl", .. Rl]), run);
        Assert.True(File.Exists(Path.Combine(run, "eval.json")));
        Assert.All(workers.Processes, w => Assert.Equal(0, w.WaitForExit()));
    }

    [Fact]
    public void AClusterClosedByTlsRefusesAWorkerWithoutItsCertificateAndEndsBitIdenticalWithOneThatHasIt()
    {
        string certificates = Path.Combine(directory, "certificates");
        var (made, madeOutput) = CliProcess.Run("cluster", "certificates", "--out", certificates);
        Assert.True(made == 0, madeOutput);
        string[] Tls(string member) => ["--tls-certificate", Path.Combine(certificates, member + ".pfx"), "--tls-password-file", Path.Combine(certificates, "password"), "--tls-authority", Path.Combine(certificates, "cluster-ca.pem")];
        string run = Path.Combine(directory, "tls");
        string listen = Loopback();
        using var coordinator = Coordinator("supervised", Supervised, run, ["--listen", listen, "--workers", "1", .. Tls("coordinator")]);
        Assert.True(coordinator.WaitUntil(() => coordinator.Output.Contains("waiting for workers: 0 of 1", StringComparison.Ordinal)), coordinator.Output);

        var (refused, refusedOutput) = CliProcess.Run(["cluster", "worker", .. Supervised, "--join", listen, "--join-timeout", "3"]);
        Assert.Equal(2, refused);
        Assert.Matches(@"^error: the silo on 127\.0\.0\.1:\d+ could not join the cluster through the coordinator at 127\.0\.0\.1:\d+: ", refusedOutput.Trim());
        Assert.DoesNotContain("1 worker joined", coordinator.Output, StringComparison.Ordinal);

        using var worker = Worker("supervised", Supervised, ["--join", listen, .. Tls("worker")]);
        Assert.True(coordinator.WaitForExit() == 0, coordinator.Output);
        AssertSameCheckpoint(SingleProcess(["train", .. Supervised]), run);
        Assert.Contains("mutual TLS", coordinator.Output, StringComparison.Ordinal);
        Assert.Equal(0, worker.WaitForExit());
    }

    [Fact]
    public void ACoordinatorWhoseRedisGoesAwayStopsWithOneErrorAndKeepsEveryFinishedEpoch()
    {
        using var redis = RedisServer.Start();
        string run = Path.Combine(directory, "redis-lost");
        using var coordinator = Coordinator("supervised", Supervised, run, ["--redis", redis.Endpoint, "--workers", "1"], epochs: 100_000);
        using var worker = Worker("supervised", Supervised, ["--redis", redis.Endpoint]);
        Assert.True(coordinator.WaitUntil(() => MetricsLines(run) >= 2), coordinator.Output);

        redis.Kill();

        Assert.Equal(2, coordinator.WaitForExit());
        var errors = coordinator.Output.Split('\n').Where(l => l.StartsWith("error: ", StringComparison.Ordinal)).ToList();
        Assert.Equal([$"error: the Redis server at {redis.Endpoint} holding the cluster's membership went away"], errors.Select(e => e[..e.IndexOf(" (", StringComparison.Ordinal)]));
        Assert.Equal(MetricsLines(run), RunCheckpoint.Load(Path.Combine(run, "checkpoint")).State.Epoch);
        Assert.Equal(2, worker.WaitForExit());
    }

    [Fact]
    public void AWorkerThatCannotReachItsCoordinatorFailsWithOneLine()
    {
        var (code, output) = CliProcess.Run(["cluster", "worker", .. Supervised, "--join", Loopback(), "--join-timeout", "2"]);

        Assert.Equal(2, code);
        Assert.Matches(@"^error: the silo on 127\.0\.0\.1:\d+ could not join the cluster through the coordinator at 127\.0\.0\.1:\d+: ", output.Trim());
        Assert.Single(output.Trim().Split('\n'));
    }

    [Fact]
    public void AnInt8LanguageModelRunOverThreeWorkersEndsBitIdenticalToTrainLmWithTheSameLosses() =>
        AssertLanguageModelRunOverThreeWorkersEndsAsTrainLm("int8", ["--set", "model.width=16", "--set", "model.layers=1", "--set", "training.population=48", "--set", "training.sequenceLength=16"]);

    [Fact]
    public void AnRwkv7LanguageModelRunOverThreeWorkersEndsBitIdenticalToTrainLmWithTheSameLosses() =>
        AssertLanguageModelRunOverThreeWorkersEndsAsTrainLm("rwkv7", ["--set", "modelKind=\"rwkv7\"", "--set", "rwkv.width=16", "--set", "rwkv.layers=1", "--set", "rwkv.headSize=8", "--set", "training.population=16", "--set", "training.sequenceLength=12"]);

    [Theory]
    [InlineData("coordinator")]
    [InlineData("worker")]
    public void ABackpropLanguageModelRunIsRefusedWithOneLineNamingTheMethod(string verb)
    {
        string run = Path.Combine(directory, "lm-backprop-" + verb);
        string[] where = verb == "worker" ? ["--join", Loopback(), "--join-timeout", "2"] : ["--out", run];
        var (code, output) = CliProcess.Run(["cluster", verb, "--kind", "lm", "--set", "modelKind=\"rwkv7\"", "--set", "method=\"backprop\"", .. where]);

        Assert.Equal(2, code);
        Assert.StartsWith("error: method: only EGGROLL spreads over a cluster, got backprop;", output.Trim(), StringComparison.Ordinal);
        Assert.Single(output.Trim().Split('\n'));
        Assert.False(Directory.Exists(run));
    }

    [Fact]
    public void AnEvolutionShortcutWithoutALanguageModelFieldIsRefusedForTheLanguageModel()
    {
        var (code, output) = CliProcess.Run("cluster", "coordinator", "--kind", "lm", "--sigma", "0.1", "--out", Path.Combine(directory, "lm-sigma"));

        Assert.Equal(2, code);
        Assert.StartsWith("error: --sigma: does not apply to --kind lm; set the language model's fields with --set", output.Trim(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(directory, "lm-sigma")));
    }

    /// <summary>
    /// Runs the language model of <paramref name="model"/> (the <c>train lm</c> fields, on the sample text) over three
    /// worker processes and asserts it ends with <c>train lm</c>'s checkpoint and training losses, every worker scoring.
    /// </summary>
    private void AssertLanguageModelRunOverThreeWorkersEndsAsTrainLm(string name, string[] model)
    {
        string corpus = Path.Combine(directory, name + "-corpus.txt");
        File.WriteAllBytes(corpus, Integer.SampleText.Bytes);
        string[] lm = ["--set", $"data={System.Text.Json.JsonSerializer.Serialize(corpus)}", .. model, "--set", "validateEvery=6", "--set", "validationBytes=200", "--set", "threads=1"];
        string run = Path.Combine(directory, name);
        string listen = Loopback();
        using var coordinator = Coordinator("lm", lm, run, ["--listen", listen, "--workers", "3"]);
        using var workers = new ProcessGroup([.. Enumerable.Range(0, 3).Select(_ => Worker("lm", lm, ["--join", listen]))]);

        workers.AssertExit(coordinator, 0);
        string reference = SingleProcess(["train", "lm", .. lm]);
        AssertSameCheckpoint(reference, run);
        Assert.Equal(Metrics(reference).Select(m => m.GetProperty("trainBitsPerByte").GetDouble()), Metrics(run).Select(m => m.GetProperty("trainBitsPerByte").GetDouble()));
        Assert.All(Metrics(run), m => Assert.Equal(3, m.GetProperty("workerMembers").EnumerateObject().Count(w => w.Value.GetInt64() > 0)));
        Assert.True(File.Exists(Path.Combine(run, "learning-curve.png")));
        Assert.All(workers.Processes, w => Assert.Equal(0, w.WaitForExit()));
    }

    private static string Loopback() => $"127.0.0.1:{Distributed.LocalCluster.FreePort()}";

    private static CliProcess Coordinator(string kind, string[] config, string run, string[] network, long epochs = Epochs) =>
        CliProcess.Start(["cluster", "coordinator", "--kind", kind, .. config, "--epochs", epochs.ToString(CultureInfo.InvariantCulture), "--out", run, .. (network.Contains("--listen") ? [] : new[] { "--listen", Loopback() }), .. network]);

    private static CliProcess Worker(string kind, string[] config, string[] network) =>
        CliProcess.Start(["cluster", "worker", "--kind", kind, .. config, .. network]);

    /// <summary>The run directory of <paramref name="verb"/> for <see cref="Epochs"/> epochs in one process, shared by the tests that compare with it.</summary>
    private string SingleProcess(string[] verb)
    {
        string key = string.Join(' ', verb);
        return References.GetOrAdd(key, _ => new Lazy<string>(() =>
        {
            string run = Path.Combine(directory, "reference-" + Guid.NewGuid().ToString("N"));
            var (code, output) = CliProcess.Run([.. verb, "--epochs", Epochs.ToString(CultureInfo.InvariantCulture), "--out", run]);
            Assert.True(code == 0, output);
            return run;
        })).Value;
    }

    private static void AssertSameCheckpoint(string expectedRun, string actualRun)
    {
        var expected = RunCheckpoint.Load(Path.Combine(expectedRun, "checkpoint"));
        var actual = RunCheckpoint.Load(Path.Combine(actualRun, "checkpoint"));
        Assert.Equal(Epochs, actual.State.Epoch);
        Assert.Equal(expected.State.Epoch, actual.State.Epoch);
        Assert.Equal(expected.State.Kind, actual.State.Kind);
        var tensors = expected.Tensors.ByName;
        Assert.Equal(tensors.Keys.Order(), actual.Tensors.ByName.Keys.Order());
        Assert.All(tensors, t => Assert.True(t.Value.Bytes.AsSpan().SequenceEqual(actual.Tensors.ByName[t.Key].Bytes), $"tensor {t.Key} differs"));
    }

    private static long MetricsLines(string run)
    {
        try
        {
            return File.ReadLines(Path.Combine(run, "metrics.jsonl")).Count(l => l.EndsWith('}'));
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static List<System.Text.Json.JsonElement> Metrics(string run) =>
        [.. File.ReadLines(Path.Combine(run, "metrics.jsonl")).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)];

    /// <summary>Worker processes, killed on dispose if still running.</summary>
    private sealed class ProcessGroup(CliProcess[] processes) : IDisposable
    {
        public CliProcess[] Processes { get; } = processes;

        /// <summary>Waits for <paramref name="coordinator"/> to end with <paramref name="code"/>; a failure shows every process's output.</summary>
        public void AssertExit(CliProcess coordinator, int code)
        {
            int exited = coordinator.WaitForExit(() => Outputs(coordinator));
            Assert.True(exited == code, $"exit code {exited}, expected {code}\n{Outputs(coordinator)}");
        }

        /// <summary>What <paramref name="coordinator"/> and every worker printed so far, for a failure's message.</summary>
        public string Outputs(CliProcess coordinator) =>
            string.Concat(Processes.Select((w, i) => $"\n--- worker {i}:\n{w.Output}").Prepend("--- coordinator:\n" + coordinator.Output));

        public void Dispose()
        {
            foreach (var process in Processes)
            {
                process.Dispose();
            }
        }
    }
}
