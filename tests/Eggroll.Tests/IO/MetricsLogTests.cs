using Eggroll.Training;

namespace Eggroll.Tests.IO;

/// <summary>metrics.jsonl after a crash: lines beyond the checkpoint and half-written lines are dropped on resume.</summary>
public sealed class MetricsLogTests : IClassFixture<TemporaryDirectory>
{
    private readonly string directory;

    public MetricsLogTests(TemporaryDirectory temporary) => directory = temporary.CreateSubdirectory();

    [Fact]
    public void Opening_at_an_epoch_keeps_only_whole_records_up_to_it_and_appends_after_them()
    {
        string path = Path.Combine(directory, "metrics.jsonl");
        File.WriteAllText(path, "{\"epoch\":1,\"x\":1}\n{\"epoch\":2,\"x\":2}\n{\"epoch\":3,\"x\":3}\n{\"epoch\":4,\"x\":4}\n{\"epoch\":5,\"x\"");
        File.WriteAllText(path + ".tmp-99-abc", "left by a killed trim");

        using (var log = MetricsLog.Open(path, epoch: 3))
        {
            log.Append(new System.Text.Json.Nodes.JsonObject { ["epoch"] = 4, ["x"] = 40 });
        }

        Assert.Equal(["{\"epoch\":1,\"x\":1}", "{\"epoch\":2,\"x\":2}", "{\"epoch\":3,\"x\":3}", "{\"epoch\":4,\"x\":40}"], File.ReadAllLines(path));
        Assert.False(File.Exists(path + ".tmp-99-abc"));
    }

    [Fact]
    public void A_line_merged_with_a_half_written_one_is_dropped()
    {
        string path = Path.Combine(directory, "merged.jsonl");
        File.WriteAllText(path, "{\"epoch\":1}\n{\"epoch\":2,\"x\"{\"epoch\":2}\n");

        MetricsLog.TrimAfter(path, 5);

        Assert.Equal(["{\"epoch\":1}"], File.ReadAllLines(path));
    }
}
