using Eggroll.IO;
using Eggroll.Models.Rwkv;
using Eggroll.Tasks.Language;
using Eggroll.Tasks.Language.Rwkv;
using Eggroll.Training;

namespace Eggroll.Cli.Language;

/// <summary>Where <c>lm generate</c> and <c>lm score</c> get an RWKV-7 model: a <c>train lm --model rwkv7</c> run directory or a checkpoint file (.safetensors or .pth) in the official key layout.</summary>
internal static class RwkvModelSource
{
    /// <summary>The <c>--model</c> option of the commands that read an RWKV-7 model.</summary>
    public static System.CommandLine.Option<string> Option() => new("--model")
    {
        Description = "A train lm --model rwkv7 run directory, or a .safetensors or .pth checkpoint in the official RWKV-7 key layout.",
        Required = true,
    };

    /// <summary>Loads the model at <paramref name="path"/>; any problem is a one-line user error naming the path.</summary>
    public static RwkvModel Load(string path)
    {
        if (Directory.Exists(path))
        {
            var (checkpoint, run) = TrainingSession.LoadForEvaluation(path, RwkvLmJob.RunKind, "train lm --model rwkv7", RwkvBackpropJob.RunKind);
            var config = ConfigLoader.FromNode<LmRunConfig>(run, checkpoint.StatePath);
            var model = RwkvModel.Create(config.Rwkv.ModelConfig(), 0, config.Rwkv.Evolve);
            RwkvLmJob.LoadWeights(model, checkpoint.Tensors);
            return model;
        }

        if (!File.Exists(path))
        {
            throw new ConfigException("model", $"{path} does not exist; give the directory of a train lm --model rwkv7 run or a .safetensors or .pth checkpoint.");
        }

        try
        {
            return RwkvModel.FromStateDict(ReadStateDict(path));
        }
        catch (InvalidDataException e)
        {
            throw new ConfigException("model", e.Message.StartsWith(path, StringComparison.Ordinal) ? e.Message : $"{path}: {e.Message}");
        }
    }

    /// <summary>The tensors of a checkpoint file by key: safetensors, or a PyTorch <c>.pth</c> state dict (read without executing anything).</summary>
    private static IReadOnlyDictionary<string, RawTensor> ReadStateDict(string path) => PretrainedWeights.Read(path);
}
