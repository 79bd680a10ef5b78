using Eggroll.Models.Rwkv;
using Eggroll.Numerics;
using Eggroll.Population;
using Eggroll.Population.Strategies;

namespace Eggroll.Tasks.Language.Rwkv;

/// <summary>
/// Population-batched generation: member m reads its own prompt and generates with its own perturbation (the
/// strategy's member m, or the plain model without one), all members advancing one token per shared step. A
/// member that has finished keeps its row but its output is closed, so members stop independently.
/// </summary>
public static class RwkvGeneration
{
    /// <summary>
    /// Generates for every request; <paramref name="perturbation"/> (noise epoch already set) must cover one member per
    /// request, or be null for the unperturbed model. Results are a function of the model, the requests and
    /// <paramref name="sampling"/> only, whatever the thread count.
    /// </summary>
    public static GenerationResult[] Generate(RwkvModel model, IReadOnlyList<GenerationRequest> requests, SamplingOptions sampling, IEvolutionStrategy? perturbation = null)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (perturbation is not null && perturbation.MemberCount != requests.Count)
        {
            throw new ArgumentException($"The perturbation covers {perturbation.MemberCount} members but there are {requests.Count} requests.", nameof(perturbation));
        }

        return Generate(model, requests, sampling, new ForwardContext(MemberRows.Uniform(requests.Count, 1), perturbation));
    }

    /// <summary>
    /// Generates for every request, request r in row r of <paramref name="context"/>, so with the perturbation of the
    /// member that row belongs to (several rows may share a member). Sampling draws of row r use stream r.
    /// </summary>
    public static GenerationResult[] Generate(RwkvModel model, IReadOnlyList<GenerationRequest> requests, SamplingOptions sampling, ForwardContext context)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(sampling);
        ArgumentNullException.ThrowIfNull(context);
        sampling.Validate();
        int rows = requests.Count;
        if (context.Rows.RowCount != rows)
        {
            throw new ArgumentException($"The context has {context.Rows.RowCount} rows but there are {rows} requests.", nameof(context));
        }

        var streams = new MemberStream[rows];
        for (int r = 0; r < rows; r++)
        {
            streams[r] = new MemberStream(requests[r], model.Config.Vocabulary);
        }

        var state = new RwkvState(model.Config, rows);
        var tokens = new int[rows];
        while (streams.Any(s => !s.Done))
        {
            for (int r = 0; r < rows; r++)
            {
                tokens[r] = streams[r].NextInput;
            }

            var logits = model.Step(tokens, state, context);
            Parallelism.For(rows, r => streams[r].Advance(logits.Row(r), sampling, (uint)r));
        }

        return streams.Select(s => s.Result()).ToArray();
    }

    private sealed class MemberStream
    {
        private readonly GenerationRequest request;
        private readonly List<int> output = [];
        private readonly int[] order;
        private int fed;
        private bool hitStop;

        public MemberStream(GenerationRequest request, int vocabulary)
        {
            ArgumentNullException.ThrowIfNull(request);
            if (request.Prompt.Length == 0)
            {
                throw new ArgumentException("Every prompt needs at least one token.", nameof(request));
            }

            if (request.Prompt.Any(t => (uint)t >= (uint)vocabulary))
            {
                throw new ArgumentException($"A prompt has a token outside the vocabulary of {vocabulary}.", nameof(request));
            }

            ArgumentOutOfRangeException.ThrowIfNegative(request.MaxTokens);
            this.request = request;
            order = new int[vocabulary];
            Done = request.MaxTokens == 0;
        }

        public bool Done { get; private set; }

        public int NextInput => Done ? 0 : fed < request.Prompt.Length ? request.Prompt[fed] : output[^1];

        public void Advance(ReadOnlySpan<float> logits, SamplingOptions sampling, uint member)
        {
            if (Done)
            {
                return;
            }

            fed++;
            if (fed < request.Prompt.Length)
            {
                return;
            }

            output.Add(TokenSampler.Choose(logits, sampling, member, (uint)output.Count, order));
            var stop = request.Stops.FirstOrDefault(s => s.Length > 0 && output.Count >= s.Length && System.Runtime.InteropServices.CollectionsMarshal.AsSpan(output)[(output.Count - s.Length)..].SequenceEqual(s));
            if (stop is not null)
            {
                output.RemoveRange(output.Count - stop.Length, stop.Length);
                hitStop = Done = true;
            }
            else
            {
                Done = output.Count == request.MaxTokens;
            }
        }

        public GenerationResult Result() => new([.. output], hitStop);
    }
}
