using CsCheck;
using Eggroll.IO;
using Eggroll.Tests.Evolution;
using Eggroll.Training;

namespace Eggroll.Tests.Properties;

/// <summary>
/// Valid files damaged at random (bytes flipped, the file cut short, bytes inserted): every reader
/// either returns self-consistent tensors or throws its one documented exception with a message;
/// nothing else escapes.
/// </summary>
public sealed class CorruptionProperties : IClassFixture<TemporaryDirectory>
{
    private static readonly Gen<Damage> Damages = Gen.Frequency(
        (3, Gen.Select(Gen.Int[0, 5], Gen.Int[0, int.MaxValue], (flips, where) => new Damage(DamageKind.Flip, flips + 1, where))),
        (1, Gen.Int[0, int.MaxValue].Select(where => new Damage(DamageKind.Truncate, 1, where))),
        (1, Gen.Select(Gen.Int[1, 16], Gen.Int[0, int.MaxValue], (count, where) => new Damage(DamageKind.Insert, count, where))));

    private readonly TemporaryDirectory temporary;

    public CorruptionProperties(TemporaryDirectory temporary) => this.temporary = temporary;

    private enum DamageKind
    {
        Flip,
        Truncate,
        Insert,
    }

    [Fact]
    public void DamagedSafeTensorsFilesAreReadCorrectlyOrRejectedWithInvalidData()
    {
        string directory = temporary.CreateSubdirectory();
        string valid = Path.Combine(directory, "valid.safetensors");
        using (var stream = File.Create(valid))
        {
            SafeTensors.WriteRaw(stream, [
                RawTensor.FromFloat("weight", [3, 5], TestData.Uniform(15, 1)),
                RawTensor.FromInt8("codes", [7], [1, -2, 3, -4, 5, -6, 7]),
                RawTensor.FromInt32("steps", [2], [12, 34]),
                RawTensor.FromFloat("empty", [0, 4], []),
            ]);
        }

        byte[] original = File.ReadAllBytes(valid);
        var expected = SafeTensors.ReadRaw(valid);
        string damaged = Path.Combine(directory, "damaged.safetensors");
        foreach (var damage in Cases.Draw(Damages, count: 250, seed: 53))
        {
            byte[] bytes = damage.Apply(original);
            File.WriteAllBytes(damaged, bytes);

            Dictionary<string, RawTensor> read;
            try
            {
                read = SafeTensors.ReadRaw(damaged);
                using var file = SafeTensorsFile.Open(damaged);
                foreach (var entry in file.Header.Tensors.Where(e => e.DType == TensorDType.F32))
                {
                    file.ReadFloat(entry.Name);
                }
            }
            catch (InvalidDataException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message), $"{damage}: empty message");
                continue;
            }
            catch (Exception e)
            {
                Assert.Fail($"{damage}: {e.GetType().Name} escaped: {e.Message}");
                throw;
            }

            foreach (var tensor in read.Values)
            {
                long elements = tensor.Shape.Aggregate(1L, (product, d) => product * d);
                Assert.Equal(elements * RawTensor.ElementSize(tensor.DType), tensor.Bytes.LongLength);
            }

            if (bytes.Length == original.Length && damage.Kind == DamageKind.Flip && bytes.AsSpan(0, HeaderEnd(original)).SequenceEqual(original.AsSpan(0, HeaderEnd(original))))
            {
                Assert.Equal(expected.Keys.Order(), read.Keys.Order());
                Assert.All(expected, e => Assert.Equal(e.Value.Shape, read[e.Key].Shape));
            }
        }
    }

    [Fact]
    public void DamagedCheckpointsLoadTheSavedTensorsOrAreRejectedWithCheckpointException()
    {
        string directory = temporary.CreateSubdirectory();
        var fixture = new TrainingFixture();
        fixture.Run(1);
        RunCheckpoint.Save(directory, fixture.Trainer);
        var expected = RunCheckpoint.Load(directory).Tensors.ByName;
        string[] files = [.. Directory.GetFiles(directory).Order()];
        var originals = files.Select(File.ReadAllBytes).ToArray();
        var gen = Gen.Select(Gen.Int[0, files.Length - 1], Damages);

        foreach (var (target, damage) in Cases.Draw(gen, count: 100, seed: 59))
        {
            File.WriteAllBytes(files[target], damage.Apply(originals[target]));
            try
            {
                var loaded = RunCheckpoint.Load(directory);
                Assert.All(expected, e => Assert.Equal(e.Value.Bytes, loaded.Tensors.ByName[e.Key].Bytes));
            }
            catch (CheckpointException e)
            {
                Assert.Contains(directory, e.Message, StringComparison.Ordinal);
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"{Path.GetFileName(files[target])}, {damage}: {e.GetType().Name} escaped: {e.Message}");
            }
            finally
            {
                File.WriteAllBytes(files[target], originals[target]);
            }
        }
    }

    /// <summary>Where the JSON header of a safetensors file ends: 8 bytes of length, then the header.</summary>
    private static int HeaderEnd(byte[] file) => 8 + (int)BitConverter.ToUInt64(file, 0);

    /// <summary>One random corruption; <c>Where</c> seeds the positions and the new bytes.</summary>
    private sealed record Damage(DamageKind Kind, int Count, int Where)
    {
        public byte[] Apply(byte[] original)
        {
            var random = new Random(Where);
            switch (Kind)
            {
                case DamageKind.Flip:
                    var flipped = (byte[])original.Clone();
                    for (int i = 0; i < Count; i++)
                    {
                        flipped[random.Next(flipped.Length)] ^= (byte)random.Next(1, 256);
                    }

                    return flipped;
                case DamageKind.Truncate:
                    return original[..random.Next(original.Length)];
                default:
                    int at = random.Next(original.Length + 1);
                    var inserted = new byte[Count];
                    random.NextBytes(inserted);
                    return [.. original[..at], .. inserted, .. original[at..]];
            }
        }
    }
}
