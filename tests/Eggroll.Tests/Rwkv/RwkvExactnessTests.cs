using Eggroll.IO;
using Eggroll.Models.Rwkv;
using Eggroll.Numerics;
using Eggroll.Population;
using Eggroll.Population.Strategies;
using Eggroll.Tests.Evolution;

namespace Eggroll.Tests.Rwkv;

/// <summary>The population-batched RWKV-7 step equals a double-precision scalar reference, unperturbed and perturbed.</summary>
public sealed class RwkvExactnessTests
{
    private const float Tolerance = 1e-4f;
    private const float Sigma = 0.05f;
    private const ulong Seed = 91;
    private const int Rank = 2;
    private static readonly int[][] Sequences = [[3, 17, 17, 0, 31, 8], [5, 5, 12, 30, 1, 9], [0, 22, 7, 7, 19, 2], [14, 3, 28, 11, 6, 25]];

    [Fact]
    public void UnperturbedStepMatchesTheScalarReferenceOverASequence()
    {
        var stateDict = RwkvCheckpoint.Random(RwkvCheckpoint.Tiny, 1);
        var model = RwkvModel.FromStateDict(stateDict);
        var reference = new RwkvReference(RwkvCheckpoint.Tiny, RwkvReference.Weights(stateDict));
        var state = new RwkvState(model.Config, 1);

        foreach (int token in Sequences[0])
        {
            var logits = model.Step([token], state, ForwardContext.Unperturbed(1));
            AssertClose(reference.Step(token), logits.Row(0));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EachPerturbedMemberMatchesTheReferenceWithItsPerturbationMaterialised(bool evolveEverything)
    {
        var stateDict = RwkvCheckpoint.Random(RwkvCheckpoint.Tiny, 2);
        var evolution = evolveEverything ? new RwkvEvolution(Vectors: true, Embedding: true, Head: true) : RwkvEvolution.Default;
        var model = RwkvModel.FromStateDict(stateDict, evolution);
        int members = Sequences.Length;
        var strategy = new LowRankPerturbation(model.Parameters, Seed, members, Sigma, Rank);
        const uint noiseEpoch = 4;
        strategy.SetNoiseEpoch(noiseEpoch);
        var context = new ForwardContext(MemberRows.Uniform(members, 1), strategy);
        var state = new RwkvState(model.Config, members);
        var references = Enumerable.Range(0, members)
            .Select(t => new RwkvReference(RwkvCheckpoint.Tiny, Perturbed(model, stateDict, noiseEpoch, t)))
            .ToArray();
        var plain = new RwkvReference(RwkvCheckpoint.Tiny, RwkvReference.Weights(stateDict));

        for (int step = 0; step < Sequences[0].Length; step++)
        {
            var tokens = Sequences.Select(s => s[step]).ToArray();
            var logits = model.Step(tokens, state, context);
            var unperturbed = plain.Step(tokens[0]);
            for (int t = 0; t < members; t++)
            {
                AssertClose(references[t].Step(tokens[t]), logits.Row(t));
            }

            Assert.True(Distance(unperturbed, logits.Row(0)) > 100 * Tolerance, "member 0 is not perturbed");
        }
    }

    [Fact]
    public void MembersFedDifferentTokensEvolveIndependentStates()
    {
        var model = RwkvModel.FromStateDict(RwkvCheckpoint.Random(RwkvCheckpoint.Tiny, 3));
        int rows = Sequences.Length;
        var batch = new RwkvState(model.Config, rows);
        var alone = Enumerable.Range(0, rows).Select(_ => new RwkvState(model.Config, 1)).ToArray();
        var batchContext = new ForwardContext(MemberRows.Uniform(rows, 1), null);

        for (int step = 0; step < Sequences[0].Length; step++)
        {
            var tokens = Sequences.Select(s => s[step]).ToArray();
            var batched = model.Step(tokens, batch, batchContext).Values.ToArray();
            for (int t = 0; t < rows; t++)
            {
                var single = model.Step([tokens[t]], alone[t], ForwardContext.Unperturbed(1));
                TestData.AssertClose(single.Row(0), batched.AsSpan(t * model.Config.Vocabulary, model.Config.Vocabulary), 1e-5f);
            }
        }
    }

    [Fact]
    public void ResettingARowRestartsItsSequenceAndLeavesTheOthers()
    {
        var model = RwkvModel.FromStateDict(RwkvCheckpoint.Random(RwkvCheckpoint.Tiny, 4));
        var state = new RwkvState(model.Config, 2);
        var context = new ForwardContext(MemberRows.Uniform(2, 1), null);
        var first = model.Step([9, 4], context: context, state: state).Values.ToArray();
        model.Step([1, 2], state, context);

        state.Reset(0);
        var again = model.Step([9, 6], state, context).Values.ToArray();

        int v = model.Config.Vocabulary;
        Assert.Equal(first.AsSpan(0, v).ToArray(), again.AsSpan(0, v).ToArray());
        Assert.NotEqual(first.AsSpan(v, v).ToArray(), again.AsSpan(v, v).ToArray());
    }

    /// <summary>The checkpoint weights plus σ·E_t: low rank for matrices and the embedding, full for vectors; adapters get Eᵀ as they are stored [in, out].</summary>
    private static Dictionary<string, double[]> Perturbed(RwkvModel model, IReadOnlyDictionary<string, RawTensor> stateDict, uint noiseEpoch, int member)
    {
        var weights = RwkvReference.Weights(stateDict);
        foreach (var (key, parameter) in model.Parameters.Entries)
        {
            if (parameter.Frozen)
            {
                continue;
            }

            var e = parameter.Kind == ParameterKind.Vector
                ? ExplicitNoise.Full(Seed, noiseEpoch, parameter, member)
                : ExplicitNoise.LowRank(Seed, noiseEpoch, parameter, member, Rank);
            var target = weights[key];
            bool adapter = RwkvCheckpoint.IsAdapter(key);
            for (int i = 0; i < parameter.Rows; i++)
            {
                for (int j = 0; j < parameter.Cols; j++)
                {
                    target[adapter ? j * parameter.Rows + i : i * parameter.Cols + j] += Sigma * e[i, j];
                }
            }
        }

        return weights;
    }

    private static void AssertClose(double[] expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double bound = Tolerance * Math.Max(1, Math.Abs(expected[i]));
            Assert.True(Math.Abs(expected[i] - actual[i]) <= bound, $"logit {i}: expected {expected[i]}, got {actual[i]}");
        }
    }

    private static double Distance(double[] a, ReadOnlySpan<float> b)
    {
        double max = 0;
        for (int i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        }

        return max;
    }
}
