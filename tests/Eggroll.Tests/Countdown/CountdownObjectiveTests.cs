using Eggroll.Models.Rwkv;
using Eggroll.Population;
using Eggroll.Population.Strategies;
using Eggroll.Tasks.Countdown;
using Eggroll.Tasks.Language;
using Eggroll.Tasks.Language.Rwkv;
using Eggroll.Tests.Evolution;
using Eggroll.Tests.Rwkv;
using Eggroll.Training;

namespace Eggroll.Tests.Countdown;

/// <summary>EGGROLL's Countdown fitness against the verifier's rewards of answers generated independently, and the prompt-group shaping against hand values.</summary>
public sealed class CountdownObjectiveTests
{
    private const ulong Seed = 17;
    private const float Sigma = 0.4f;
    private const int Population = 8;
    private const int GroupSize = 4;
    private const int Prompts = 2;
    private const int MaxTokens = 10;

    [Fact]
    public void Each_members_fitness_is_the_mean_verifier_reward_of_its_materialised_models_greedy_answers()
    {
        var stateDict = RwkvCheckpoint.Random(RwkvCheckpoint.Tiny, 5);
        var model = RwkvModel.FromStateDict(stateDict);
        ITokenizer tokenizer = new CountdownCharacterTokenizer();
        var answers = new CountdownAnswers(tokenizer, new CountdownPrompt("{numbers}={target}?"), MaxTokens, CountdownRewards.ReasoningGym);
        var objective = new CountdownObjective(model, answers, new CountdownTaskOptions { PromptsPerGroup = Prompts }, GroupSize);
        var options = new TrainerOptions { Seed = Seed, Evolution = new EvolutionConfig { Population = Population, GroupSize = GroupSize, Sigma = Sigma, Rank = 1 } };
        var trainer = new Trainer(RwkvLmJob.TrainableModel(model), objective, options);
        var scores = new float[Population];

        trainer.Evaluate(scores);

        var rewards = new List<double>();
        for (int member = 0; member < Population; member++)
        {
            var materialised = Materialise(stateDict, model, member);
            double sum = 0;
            for (int k = 0; k < Prompts; k++)
            {
                var problem = objective.ProblemOf(Seed, 0, member, k);
                string answer = tokenizer.DecodeText(GreedyByHand(materialised, tokenizer.Encode(answers.Prompt.Format(problem)), tokenizer.Encode(CountdownAnswers.StopText)));
                double reward = CountdownVerifier.Score(problem.Numbers, problem.Target, answer).Reward;
                rewards.Add(reward);
                sum += reward;
            }

            Assert.Equal((float)(sum / Prompts), scores[member]);
        }

        Assert.True(rewards.Distinct().Count() > 1, "every answer got the same reward, so the comparison shows little");
        Assert.Equal(objective.ProblemOf(Seed, 0, 0, 1).Numbers, objective.ProblemOf(Seed, 0, GroupSize - 1, 1).Numbers);
        Assert.NotEqual(objective.ProblemOf(Seed, 0, 0, 0).Solution, objective.ProblemOf(Seed, 0, GroupSize, 0).Solution);
    }

    [Fact]
    public void Prompt_group_shaping_subtracts_each_groups_mean_and_divides_by_the_global_std()
    {
        float[] scores = [1, 0, 0, 0, 0.05f, 0.05f, 0.01f, 0.01f];
        var shaped = new float[scores.Length];

        FitnessShaping.Shape(scores, shaped, ShapingKind.ZScore, groupSize: 4);

        // Global mean 0.14, variance 0.10605, std √(0.10605 + 1e-5) = 0.3256685; group means 0.25 and 0.03.
        float[] expected = [2.302955f, -0.7676517f, -0.7676517f, -0.7676517f, 0.06141213f, 0.06141213f, -0.06141213f, -0.06141213f];
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], shaped[i], 1e-5f);
        }
    }

    /// <summary>A copy of the model with member <paramref name="member"/>'s perturbation σ·E added to every evolving matrix.</summary>
    private static RwkvModel Materialise(IReadOnlyDictionary<string, Eggroll.IO.RawTensor> stateDict, RwkvModel model, int member)
    {
        var copy = RwkvModel.FromStateDict(stateDict);
        var source = model.Parameters.Entries.ToDictionary(e => e.Name, e => e.Parameter);
        foreach (var (name, parameter) in copy.Parameters.Entries)
        {
            var original = source[name];
            if (original.Frozen)
            {
                continue;
            }

            var e = ExplicitNoise.LowRank(Seed, 0, original, member, 1);
            for (int i = 0; i < parameter.Rows; i++)
            {
                for (int j = 0; j < parameter.Cols; j++)
                {
                    parameter.Value[(i * parameter.Cols) + j] += (float)(Sigma * e[i, j]);
                }
            }
        }

        return copy;
    }

    /// <summary>Feeds the prompt, then argmax tokens until <paramref name="stop"/> ends the output or <see cref="MaxTokens"/> are written.</summary>
    private static int[] GreedyByHand(RwkvModel model, int[] prompt, int[] stop)
    {
        var state = new RwkvState(model.Config, 1);
        float[] logits = [];
        foreach (int token in prompt)
        {
            logits = model.Step([token], state, ForwardContext.Unperturbed(1)).Row(0).ToArray();
        }

        var output = new List<int>();
        while (output.Count < MaxTokens && !(output.Count >= stop.Length && output.TakeLast(stop.Length).SequenceEqual(stop)))
        {
            int best = Array.IndexOf(logits, logits.Max());
            output.Add(best);
            logits = model.Step([best], state, ForwardContext.Unperturbed(1)).Row(0).ToArray();
        }

        return [.. output];
    }
}
