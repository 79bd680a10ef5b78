using Eggroll.Models.Rwkv;
using Eggroll.Population;

namespace Eggroll.Tests.Cli;

/// <summary>What <c>lm score</c> should print, computed by stepping the model by hand with a double-precision log-softmax.</summary>
internal static class RwkvScoreReference
{
    /// <summary>log p(token i | tokens before i) from the zero state, for i = 1 … n − 1.</summary>
    public static double[] LogProbs(RwkvModel model, IReadOnlyList<int> tokens)
    {
        var state = new RwkvState(model.Config, 1);
        var logProbs = new double[tokens.Count - 1];
        for (int i = 1; i < tokens.Count; i++)
        {
            var logits = model.Step([tokens[i - 1]], state, ForwardContext.Unperturbed(1)).Row(0).ToArray();
            logProbs[i - 1] = logits[tokens[i]] - Math.Log(logits.Sum(x => Math.Exp(x)));
        }

        return logProbs;
    }
}
