using Eggroll.Tests.Evolution;
using Eggroll.Models;
using Eggroll.Tasks.Supervised;
using Eggroll.Training;

namespace Eggroll.Tests.IO;

/// <summary>Damaged or mismatched checkpoints give a clear error and change nothing.</summary>
public sealed class CheckpointTests : IClassFixture<TemporaryDirectory>
{
    private readonly string directory;

    public CheckpointTests(TemporaryDirectory temporary) => directory = temporary.CreateSubdirectory();

    [Fact]
    public void SavedCheckpointHoldsStateAndTensors()
    {
        var fixture = new TrainingFixture();
        fixture.Run(2);

        RunCheckpoint.Save(directory, fixture.Trainer);
        var checkpoint = RunCheckpoint.Load(directory);

        Assert.Equal(2, checkpoint.State.Epoch);
        Assert.Equal(2, checkpoint.State.Job["optimizerSteps"]!.GetValue<long>());
        Assert.Equal("evolution", checkpoint.State.Kind);
        Assert.Equal(fixture.Model.Parameters[0].Parameter.Value, checkpoint.Tensors.ByName["parameters.0.weight"].ToFloat());
        Assert.Contains("optimizer.second.2.bias", checkpoint.Tensors.ByName.Keys);
        Assert.Single(Directory.GetFiles(directory, "*.safetensors"));
        Assert.Empty(Directory.GetFiles(directory, "*.tmp-*"));
    }

    [Fact]
    public void TemporaryFilesLeftByAKilledWriterAreRemovedByTheNextSave()
    {
        var fixture = new TrainingFixture();
        fixture.Run(1);
        Directory.CreateDirectory(directory);
        string[] stale = [Path.Combine(directory, "tensors-00000001.safetensors.tmp-123-abc"), Path.Combine(directory, "state.json.tmp-123-def")];
        foreach (string file in stale)
        {
            File.WriteAllText(file, "half-written");
        }

        RunCheckpoint.Save(directory, fixture.Trainer);

        Assert.All(stale, file => Assert.False(File.Exists(file)));
        Assert.Equal(1, RunCheckpoint.Load(directory).State.Epoch);
    }

    [Fact]
    public void TruncatedTensorsFileIsRejectedAndNothingChanges()
    {
        var (fixture, tensorsPath) = SaveAfterTwoEpochs();
        byte[] original = File.ReadAllBytes(tensorsPath);
        File.WriteAllBytes(tensorsPath, original[..(original.Length / 2)]);
        var snapshot = Snapshot();
        var before = fixture.Snapshot();

        var error = Assert.Throws<CheckpointException>(() => RunCheckpoint.Load(directory));

        Assert.Contains(tensorsPath, error.Message);
        Assert.Contains("SHA-256", error.Message);
        Assert.Equal(snapshot, Snapshot());
        Assert.Equal(before, fixture.Snapshot());
    }

    [Fact]
    public void TamperedTensorsFileIsRejected()
    {
        var (_, tensorsPath) = SaveAfterTwoEpochs();
        byte[] bytes = File.ReadAllBytes(tensorsPath);
        bytes[^3] ^= 0x40;
        File.WriteAllBytes(tensorsPath, bytes);

        var error = Assert.Throws<CheckpointException>(() => RunCheckpoint.Load(directory));

        Assert.Contains("modified", error.Message);
    }

    [Fact]
    public void MalformedStateFileIsRejectedWithItsName()
    {
        SaveAfterTwoEpochs();
        string statePath = Path.Combine(directory, RunCheckpoint.StateFileName);
        File.WriteAllText(statePath, File.ReadAllText(statePath)[..40]);

        var error = Assert.Throws<CheckpointException>(() => RunCheckpoint.Load(directory));

        Assert.Contains(statePath, error.Message);
    }

    [Fact]
    public void MissingCheckpointIsReportedClearly()
    {
        var error = Assert.Throws<CheckpointException>(() => RunCheckpoint.Load(Path.Combine(directory, "nothing-here")));

        Assert.Contains("no checkpoint", error.Message);
    }

    [Fact]
    public void CheckpointOfAnotherConfigIsRefusedWithoutTouchingTheTrainer()
    {
        SaveAfterTwoEpochs();
        var other = new TrainingFixture(population: 32);
        var before = other.Snapshot();

        var error = Assert.Throws<CheckpointException>(() => RunCheckpoint.Restore(other.Trainer, RunCheckpoint.Load(directory)));

        Assert.Contains("population", error.Message);
        Assert.Equal(before, other.Snapshot());
        Assert.Equal(0, other.Trainer.Epoch);
    }

    [Fact]
    public void AStateFileOfAnotherFormatVersionIsRefused()
    {
        SaveAfterTwoEpochs();
        string statePath = Path.Combine(directory, RunCheckpoint.StateFileName);
        File.WriteAllText(statePath, File.ReadAllText(statePath).Replace("eggroll-checkpoint/2", "eggroll-checkpoint/1", StringComparison.Ordinal));

        var error = Assert.Throws<CheckpointException>(() => RunCheckpoint.Load(directory));

        Assert.Contains("format 'eggroll-checkpoint/1' is not supported (expected 'eggroll-checkpoint/2')", error.Message);
    }

    [Theory]
    [InlineData("../outside.safetensors")]
    [InlineData("/etc/passwd")]
    [InlineData("sub/tensors.safetensors")]
    public void ATensorsFileOutsideTheCheckpointDirectoryIsRefused(string tensorsFile)
    {
        var (_, tensorsPath) = SaveAfterTwoEpochs();
        string statePath = Path.Combine(directory, RunCheckpoint.StateFileName);
        File.WriteAllText(statePath, File.ReadAllText(statePath).Replace(Path.GetFileName(tensorsPath), tensorsFile, StringComparison.Ordinal));

        var error = Assert.Throws<CheckpointException>(() => RunCheckpoint.Load(directory));

        Assert.Contains($"field tensorsFile must name a file in the checkpoint directory, got '{tensorsFile}'", error.Message);
    }

    [Fact]
    public void ACheckpointOfAModelWithOtherTensorsIsRefusedNamingTheTensorAndChangesNothing()
    {
        SaveAfterTwoEpochs();
        var fixture = new TrainingFixture();
        var narrow = new Model(Mlp.Create([4, 8, 16, 1], ActivationKind.Tanh, seed: 3));
        var trainer = new Trainer(narrow, new SupervisedObjective(narrow, fixture.Train, rowsPerMember: 16), fixture.Options);
        var before = narrow.Parameters.Entries.Select(e => e.Parameter.Value.ToArray()).ToList();

        var error = Assert.Throws<CheckpointException>(() => RunCheckpoint.Restore(trainer, RunCheckpoint.Load(directory)));

        Assert.Contains("tensor 'parameters.0.weight' is F32 [16, 4], this model needs F32 [8, 4]", error.Message);
        Assert.Equal(before, narrow.Parameters.Entries.Select(e => e.Parameter.Value));
        Assert.Equal(0, trainer.Epoch);
    }

    [Fact]
    public void SavingAgainReplacesTheTensorsFile()
    {
        var (fixture, first) = SaveAfterTwoEpochs();
        fixture.Run(1);

        RunCheckpoint.Save(directory, fixture.Trainer);

        Assert.False(File.Exists(first));
        Assert.Equal(3, RunCheckpoint.Load(directory).State.Epoch);
    }

    private (TrainingFixture Fixture, string TensorsPath) SaveAfterTwoEpochs()
    {
        var fixture = new TrainingFixture();
        fixture.Run(2);
        RunCheckpoint.Save(directory, fixture.Trainer);
        return (fixture, Directory.GetFiles(directory, "*.safetensors").Single());
    }

    private Dictionary<string, byte[]> Snapshot() => Directory.GetFiles(directory).ToDictionary(f => f, File.ReadAllBytes);
}
