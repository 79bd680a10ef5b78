using Eggroll.Models.Rwkv;
using Eggroll.Numerics;
using Eggroll.Population;
using Eggroll.Population.Strategies;
using Eggroll.Tasks.Language.Rwkv;

namespace Eggroll.Tests.Rwkv;

/// <summary>Population-batched generation against stepping the model by hand, independent stops, seeds and thread counts.</summary>
[Collection(ThreadCountCollection.Name)]
public sealed class RwkvGenerationTests
{
    private static readonly RwkvModel Model = RwkvModel.FromStateDict(RwkvCheckpoint.Random(RwkvCheckpoint.Tiny, 11));

    [Fact]
    public void Greedy_generation_of_one_member_equals_feeding_tokens_one_at_a_time_by_hand()
    {
        int[] prompt = [3, 1, 4, 1, 5];
        var generated = RwkvGeneration.Generate(Model, [new GenerationRequest(prompt, 12)], SamplingOptions.Greedy)[0];

        Assert.Equal(GreedyByHand(prompt, 12), generated.Tokens);
        Assert.False(generated.HitStop);
    }

    [Fact]
    public void Members_with_different_prompts_limits_and_stops_finish_independently()
    {
        int[] first = [7, 2], second = [9, 9, 9, 0, 1, 2, 3];
        var byHand = GreedyByHand(second, 8);
        int stopAfter = 3;
        var results = RwkvGeneration.Generate(
            Model,
            [new GenerationRequest(first, 3), new GenerationRequest(second, 8), new GenerationRequest(second, 8, [byHand[stopAfter..(stopAfter + 2)]]), new GenerationRequest(first, 0)],
            SamplingOptions.Greedy);

        Assert.Equal(GreedyByHand(first, 3), results[0].Tokens);
        Assert.Equal(byHand, results[1].Tokens);
        Assert.Equal(byHand[..stopAfter], results[2].Tokens);
        Assert.True(results[2].HitStop);
        Assert.Empty(results[3].Tokens);
    }

    [Fact]
    public void Sampling_is_a_function_of_the_seed()
    {
        var requests = new[] { new GenerationRequest([1, 2, 3], 30), new GenerationRequest([1, 2, 3], 30) };
        var options = new SamplingOptions(Temperature: 1.5, TopP: 0.95, Seed: 4);

        var once = RwkvGeneration.Generate(Model, requests, options);
        var again = RwkvGeneration.Generate(Model, requests, options);
        var otherSeed = RwkvGeneration.Generate(Model, requests, options with { Seed = 5 });

        Assert.Equal(once.Select(r => r.Tokens), again.Select(r => r.Tokens));
        Assert.NotEqual(once[0].Tokens, once[1].Tokens);
        Assert.NotEqual(once[0].Tokens, otherSeed[0].Tokens);
    }

    [Fact]
    public void A_tiny_top_p_samples_the_greedy_token()
    {
        int[] prompt = [5, 6];
        var nucleus = RwkvGeneration.Generate(Model, [new GenerationRequest(prompt, 10)], new SamplingOptions(Temperature: 1, TopP: 1e-9, Seed: 3))[0];

        Assert.Equal(GreedyByHand(prompt, 10), nucleus.Tokens);
    }

    [Fact]
    public void Perturbed_members_generate_differently_and_identically_on_one_and_two_threads()
    {
        int saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = 1;
            var one = PerturbedGeneration();
            Parallelism.MaxThreads = 2;
            var two = PerturbedGeneration();

            Assert.Equal(one, two);
            Assert.True(one.Distinct(new SequenceComparer()).Count() > 1);
        }
        finally
        {
            Parallelism.MaxThreads = saved;
        }
    }

    private static int[][] PerturbedGeneration()
    {
        var strategy = new LowRankPerturbation(Model.Parameters, 9, 4, 0.5f, 2);
        strategy.SetNoiseEpoch(1);
        var requests = Enumerable.Range(0, 4).Select(_ => new GenerationRequest([4, 2], 16)).ToArray();
        return RwkvGeneration.Generate(Model, requests, new SamplingOptions(Temperature: 1, TopP: 0.9, Seed: 2), strategy).Select(r => r.Tokens).ToArray();
    }

    private static int[] GreedyByHand(int[] prompt, int count)
    {
        var state = new RwkvState(Model.Config, 1);
        var context = ForwardContext.Unperturbed(1);
        float[] logits = [];
        foreach (int token in prompt)
        {
            logits = Model.Step([token], state, context).Row(0).ToArray();
        }

        var output = new List<int>();
        while (output.Count < count)
        {
            int best = Array.IndexOf(logits, logits.Max());
            output.Add(best);
            logits = Model.Step([best], state, context).Row(0).ToArray();
        }

        return [.. output];
    }

    private sealed class SequenceComparer : IEqualityComparer<int[]>
    {
        public bool Equals(int[]? x, int[]? y) => x!.SequenceEqual(y!);

        public int GetHashCode(int[] obj) => obj.Length;
    }
}
