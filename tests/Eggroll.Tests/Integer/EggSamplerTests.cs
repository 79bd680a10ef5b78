using Eggroll.Models.Egg;

namespace Eggroll.Tests.Integer;

/// <summary><see cref="EggSampler.Generate"/>: greedy decoding by hand, determinism per seed, and sampling.</summary>
public class EggSamplerTests
{
    private static readonly EggModel Model = EggModel.Create(new EggConfig(Width: 16, Layers: 2), 21);
    private static readonly byte[] Prompt = "The "u8.ToArray();

    [Fact]
    public void Greedy_generation_is_the_prompt_then_the_first_argmax_of_each_step()
    {
        var runner = new EggRunner(Model, 0, 1);
        var logits = new sbyte[EggConfig.Vocabulary];
        var expected = new List<byte>(Prompt);
        for (int i = 0; i < Prompt.Length - 1; i++)
        {
            runner.Step([Prompt[i]], null, logits);
        }

        for (int n = 0; n < 20; n++)
        {
            runner.Step([expected[^1]], null, logits);
            int best = 0;
            for (int j = 1; j < logits.Length; j++)
            {
                best = logits[j] > logits[best] ? j : best;
            }

            expected.Add((byte)best);
        }

        Assert.Equal(expected, EggSampler.Generate(Model, Prompt, 20, temperature: 0, seed: 1));
        Assert.Equal(expected, EggSampler.Generate(Model, Prompt, 20, temperature: 0, seed: 2));
    }

    [Fact]
    public void An_empty_prompt_starts_from_a_newline()
    {
        var generated = EggSampler.Generate(Model, [], 5, temperature: 0, seed: 1);

        Assert.Equal(EggSampler.Generate(Model, "\n"u8, 5, temperature: 0, seed: 1), generated);
        Assert.Equal(6, generated.Length);
    }

    [Fact]
    public void Sampling_is_deterministic_for_a_seed_and_differs_across_seeds()
    {
        var first = EggSampler.Generate(Model, Prompt, 40, temperature: 1.5, seed: 7);

        Assert.Equal(first, EggSampler.Generate(Model, Prompt, 40, temperature: 1.5, seed: 7));
        Assert.NotEqual(first, EggSampler.Generate(Model, Prompt, 40, temperature: 1.5, seed: 8));
        Assert.NotEqual(first, EggSampler.Generate(Model, Prompt, 40, temperature: 0, seed: 7));
        Assert.Equal(Prompt, first[..Prompt.Length]);
    }
}
