using Eggroll.Models;
using Eggroll.Models.Backward;
using Eggroll.Numerics;
using Eggroll.Population;

namespace Eggroll.Tasks.Rl.Ppo;

/// <summary>
/// CleanRL's agent: an actor MLP (logits of a categorical head, or the mean of a Gaussian head with a
/// state-independent log standard deviation) and a separate critic MLP, both orthogonally initialised
/// (gain √2, actor output 0.01, critic output 1). All parameters form one <see cref="ParameterSet"/>:
/// "actor.*", "actor.log_std" (Gaussian only), "critic.*"; <see cref="Gradients"/> follows its order.
/// </summary>
public sealed class PpoAgent
{
    private readonly float[] logStdGradient;

    /// <summary>Creates the agent for observations of <paramref name="observationSize"/> values and the given action space.</summary>
    public PpoAgent(int observationSize, Space actionSpace, IReadOnlyList<int> hidden, ActivationKind activation, float initialLogStd, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(actionSpace);
        ActionSpace = actionSpace;
        int outputs = Policy.OutputSize(actionSpace);
        var actor = Mlp.Create([observationSize, .. hidden, outputs], activation, seed: 0);
        var critic = Mlp.Create([observationSize, .. hidden, 1], activation, seed: 0);
        OrthogonalInitialization.Apply(actor, 0.01, seed, firstStream: 0);
        OrthogonalInitialization.Apply(critic, 1.0, seed, firstStream: 1000);
        Actor = new SequentialBackprop(actor);
        Critic = new SequentialBackprop(critic);
        var parameters = actor.NamedParameters().Select(p => p with { Name = "actor." + p.Name }).ToList();
        if (actionSpace is BoxSpace)
        {
            LogStd = Parameter.Vector("log_std", outputs);
            Array.Fill(LogStd.Value, initialLogStd);
            parameters.Add(new NamedParameter("actor.log_std", LogStd));
        }

        logStdGradient = new float[LogStd?.Count ?? 0];
        Parameters = new ParameterSet(parameters.Concat(critic.NamedParameters().Select(p => p with { Name = "critic." + p.Name })));
        Gradients = [.. Actor.Gradients, .. LogStd is null ? Array.Empty<float[]>() : [logStdGradient], .. Critic.Gradients];
    }

    /// <summary>The action space: discrete (categorical head) or box (Gaussian head).</summary>
    public Space ActionSpace { get; }

    /// <summary>The actor network and its backward pass.</summary>
    public SequentialBackprop Actor { get; }

    /// <summary>The critic network (one output, the state value) and its backward pass.</summary>
    public SequentialBackprop Critic { get; }

    /// <summary>The Gaussian head's log standard deviations, or null for a discrete action space.</summary>
    public Parameter? LogStd { get; }

    /// <summary>All trainable parameters, actor first.</summary>
    public ParameterSet Parameters { get; }

    /// <summary>dLoss/dθ per parameter of <see cref="Parameters"/>, filled by the last <see cref="Backward"/>.</summary>
    public IReadOnlyList<float[]> Gradients { get; }

    /// <summary>The gradient array of the log standard deviations (empty for a discrete head).</summary>
    public Span<float> LogStdGradient => logStdGradient;

    /// <summary>The actor model wrapped for <see cref="Policy"/> evaluation (greedy: argmax of the logits, or the clipped mean).</summary>
    public Model ActorModel() => new(Actor.Network);

    /// <summary>Back-propagates dLoss/dActorOutput and dLoss/dValue through both networks of the last forward passes.</summary>
    public void Backward(Matrix actorOutputGradient, Matrix valueGradient)
    {
        Actor.Backward(actorOutputGradient);
        Critic.Backward(valueGradient);
    }
}
