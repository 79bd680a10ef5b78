using Eggroll.Models.Rwkv;
using Eggroll.Tasks.Language;
using Eggroll.Tasks.Language.Rwkv;
using Eggroll.Tests.Integer;

namespace Eggroll.Tests.Rwkv;

/// <summary>A small RWKV-7 language-model job (the job of <c>eggroll train lm --model rwkv7</c>) on the sample text, with every vector evolving too.</summary>
internal static class TinyRwkvLm
{
    /// <summary>A fresh job at epoch 0: width 16, one layer, population <paramref name="population"/>, two 12-byte windows per pair.</summary>
    public static RwkvLmJob Create(int population = 16, ulong seed = 7)
    {
        var rwkv = new RwkvLmOptions
        {
            Layers = 1,
            Width = 16,
            HeadSize = 8,
            Rank = 2,
            Sigma = 0.05f,
            LearningRate = 0.02f,
            Evolve = new RwkvEvolution(Vectors: true, Embedding: true, Head: true),
        };
        var training = new EggTrainingOptions { Seed = seed, Population = population, SequenceLength = 12, SequencesPerPair = 2 };
        return new RwkvLmJob(RwkvModel.Create(rwkv.ModelConfig(), (int)seed, rwkv.Evolve), SampleText.Bytes, training, rwkv);
    }
}
