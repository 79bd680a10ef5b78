using Eggroll.Models.Rwkv;
using Eggroll.Noise;
using Eggroll.Population;
using Eggroll.Tasks.Countdown;
using Eggroll.Tasks.Language;
using Eggroll.Tasks.Language.Rwkv;
using Eggroll.Tests.Rwkv;

namespace Eggroll.Tests.Countdown;

/// <summary>GRPO's Countdown epoch against answers sampled and scored independently, its advantages and its batch layout against hand values.</summary>
public sealed class CountdownGrpoJobTests
{
    private const ulong Seed = 23;
    private const int Prompts = 2;
    private const int GroupSize = 4;
    private const int MaxTokens = 10;

    [Fact]
    public void An_epoch_scores_the_groups_it_samples_and_moves_probability_towards_the_above_average_answers()
    {
        var stateDict = RwkvCheckpoint.Random(RwkvCheckpoint.Tiny, 5);
        var model = RwkvModel.FromStateDict(stateDict);
        ITokenizer tokenizer = new CountdownCharacterTokenizer();
        var answers = new CountdownAnswers(tokenizer, new CountdownPrompt("{numbers}={target}?"), MaxTokens, CountdownRewards.ReasoningGym);
        var config = new CountdownRunConfig
        {
            Model = "tiny",
            Method = CountdownMethod.Grpo,
            Seed = Seed,
            Task = new CountdownTaskOptions { MaxTokens = MaxTokens },
            Grpo = new CountdownGrpoOptions { Prompts = Prompts, GroupSize = GroupSize, KlCoefficient = 0.1, Optimizer = new() { LearningRate = 0.01f } },
        };
        var job = new CountdownGrpoJob(model, RwkvModel.FromStateDict(stateDict), answers, config);
        var sampling = job.SamplingOf(1);

        var prompts = new int[Prompts * GroupSize][];
        var completions = new int[Prompts * GroupSize][];
        var rewards = new float[Prompts * GroupSize];
        int correct = 0;
        for (int row = 0; row < rewards.Length; row++)
        {
            var problem = CountdownGenerator.Problem(config.Task.ProblemSeed, CountdownSplit.Train, CounterRandom.NextInt(Seed, 1, (uint)(row / GroupSize), int.MaxValue), config.Task.Difficulty);
            prompts[row] = tokenizer.Encode(answers.Prompt.Format(problem));
            completions[row] = SampleByHand(model, prompts[row], tokenizer.Encode(CountdownAnswers.StopText), sampling, (uint)row);
            var score = CountdownVerifier.Score(problem.Numbers, problem.Target, tokenizer.DecodeText(completions[row]));
            rewards[row] = (float)score.Reward;
            correct += score.Verdict == CountdownVerdict.Correct ? 1 : 0;
        }

        var before = SequenceLogProbs(model, prompts, completions);
        var metrics = (CountdownEpochMetrics)job.RunEpoch();
        var after = SequenceLogProbs(model, prompts, completions);

        Assert.Equal(rewards.Average(), metrics.MeanReward, 6);
        Assert.Equal(rewards.Max(), metrics.MaxReward, 6);
        Assert.Equal((double)correct / rewards.Length, metrics.CorrectFraction);
        Assert.Equal(completions.Sum(c => (long)c.Length), metrics.GeneratedTokens);
        Assert.True(completions.Take(GroupSize).Distinct(new SequenceComparer()).Count() > 1, "the group's samples are all the same, so sampling is not exercised");
        var advantages = new RwkvGrpoLoss(model, new GrpoOptions()).Advantages(rewards, GroupSize);
        Assert.True(advantages.Any(a => a != 0), "every group's rewards are equal, so the update shows nothing");
        double weightedChange = advantages.Select((a, i) => a * (after[i] - before[i])).Sum();
        Assert.True(weightedChange > 0, $"Σ A·Δlog π = {weightedChange}: the step did not favour the above-average answers");
    }

    [Fact]
    public void Advantages_are_each_groups_rewards_less_its_mean_over_its_std_plus_epsilon()
    {
        var loss = new RwkvGrpoLoss(RwkvModel.FromStateDict(RwkvCheckpoint.Random(RwkvCheckpoint.Tiny, 1)), new GrpoOptions());

        var advantages = loss.Advantages([1, 0.05f, 0.05f, 0.01f, 0.05f, 0.05f, 0.05f, 0.05f], 4);

        // Group 1: mean 0.2775, population std 0.41745509; divided by std + 1e-4. Group 2: all equal, so all zero.
        double[] expected = [1.73031061, -0.54483829, -0.54483829, -0.64063403, 0, 0, 0, 0];
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], advantages[i], 6);
        }
    }

    [Fact]
    public void A_batch_holds_prompt_then_completion_padded_and_marks_the_positions_that_predict_generated_tokens()
    {
        var batch = GrpoBatch.Of([new GenerationRequest([1, 2, 3], 5), new GenerationRequest([4], 5)], [[5, 6], [7, 8, 9]]);

        Assert.Equal(4, batch.Steps);
        Assert.Equal([1, 2, 3, 5, 6, 4, 7, 8, 9, 0], batch.Sequences);
        Assert.Equal([false, false, true, true, true, true, true, false], batch.Generated);
    }

    [Fact]
    public void Bad_settings_name_their_field()
    {
        Assert.Equal("grpo.groupSize", Assert.Throws<ConfigException>(() => new CountdownGrpoOptions { GroupSize = 1 }.Validate()).Field);
        Assert.Equal("grpo.clipEpsilon", Assert.Throws<ConfigException>(() => new CountdownGrpoOptions { ClipEpsilon = 1.5 }.Validate()).Field);
        Assert.Equal("grpo.klCoefficient", Assert.Throws<ConfigException>(() => new CountdownGrpoOptions { KlCoefficient = -1 }.Validate()).Field);
        Assert.Equal("grpo.temperature", Assert.Throws<ConfigException>(() => new CountdownGrpoOptions { Temperature = 0 }.Validate()).Field);
        Assert.Equal("grpo.maxGradNorm", Assert.Throws<ConfigException>(() => new CountdownGrpoOptions { MaxGradNorm = double.NaN }.Validate()).Field);
    }

    /// <summary>Feeds the prompt, then samples with <see cref="TokenSampler"/> (stream <paramref name="stream"/>, draw k for token k) until the stop or <see cref="MaxTokens"/>; the stop stays in the output.</summary>
    private static int[] SampleByHand(RwkvModel model, int[] prompt, int[] stop, SamplingOptions sampling, uint stream)
    {
        var state = new RwkvState(model.Config, 1);
        float[] logits = [];
        foreach (int token in prompt)
        {
            logits = model.Step([token], state, ForwardContext.Unperturbed(1)).Row(0).ToArray();
        }

        var output = new List<int>();
        var order = new int[model.Config.Vocabulary];
        while (output.Count < MaxTokens && !(output.Count >= stop.Length && output.TakeLast(stop.Length).SequenceEqual(stop)))
        {
            int token = TokenSampler.Choose(logits, sampling, stream, (uint)output.Count, order);
            output.Add(token);
            logits = model.Step([token], state, ForwardContext.Unperturbed(1)).Row(0).ToArray();
        }

        return [.. output];
    }

    /// <summary>Each completion's summed log-probability given its prompt, stepping the model token by token.</summary>
    private static double[] SequenceLogProbs(RwkvModel model, int[][] prompts, int[][] completions) =>
        prompts.Select((prompt, i) =>
        {
            var state = new RwkvState(model.Config, 1);
            int[] tokens = [.. prompt, .. completions[i]];
            double sum = 0;
            for (int t = 0; t < tokens.Length - 1; t++)
            {
                var logits = model.Step([tokens[t]], state, ForwardContext.Unperturbed(1)).Row(0);
                sum += t >= prompt.Length - 1 ? RwkvSequenceScorer.LogSoftmaxAt(logits, tokens[t + 1]) : 0;
            }

            return sum;
        }).ToArray();

    private sealed class SequenceComparer : IEqualityComparer<int[]>
    {
        public bool Equals(int[]? x, int[]? y) => x!.SequenceEqual(y!);

        public int GetHashCode(int[] obj) => obj.Length;
    }
}
