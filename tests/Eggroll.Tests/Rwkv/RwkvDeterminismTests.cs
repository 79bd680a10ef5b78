using Eggroll.Models.Rwkv;
using Eggroll.Numerics;
using Eggroll.Population;
using Eggroll.Population.Strategies;

namespace Eggroll.Tests.Rwkv;

/// <summary>A perturbed population step gives bit-identical logits whatever the thread count.</summary>
[Collection(ThreadCountCollection.Name)]
public sealed class RwkvDeterminismTests
{
    [Fact]
    public void PerturbedStepsAreBitIdenticalOnOneAndTwoThreads()
    {
        int saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = 1;
            var one = Run();
            Parallelism.MaxThreads = 2;
            var two = Run();
            Assert.Equal(one, two);
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

    private static float[] Run()
    {
        var config = new RwkvConfig(Layers: 2, Width: 64, HeadSize: 16, DecayRank: 8, AdaptRank: 8, ValueRank: 8, GateRank: 16, FfnWidth: 256, Vocabulary: 96);
        var model = RwkvModel.Create(config, 3, new RwkvEvolution(Vectors: true, Embedding: true, Head: true));
        const int members = 16;
        var strategy = new LowRankPerturbation(model.Parameters, 5, members, 0.05f, 2);
        strategy.SetNoiseEpoch(1);
        var context = new ForwardContext(MemberRows.Uniform(members, 2), strategy);
        var state = new RwkvState(config, 2 * members);
        var tokens = new int[2 * members];
        var logits = new List<float>();
        for (int step = 0; step < 4; step++)
        {
            for (int i = 0; i < tokens.Length; i++)
            {
                tokens[i] = (i * 7 + step * 13) % config.Vocabulary;
            }

            logits.AddRange(model.Step(tokens, state, context).Values.ToArray());
        }

        return logits.ToArray();
    }
}
