namespace Eggroll.Training.Optimizers;

/// <summary>The update rule applied to the gradient estimate.</summary>
public enum OptimizerKind
{
    /// <summary>Stochastic gradient ascent, with optional heavy-ball momentum.</summary>
    Sgd,

    /// <summary>Adam (Kingma and Ba) with bias correction.</summary>
    Adam,

    /// <summary>Adam with decoupled weight decay (Loshchilov and Hutter), applied to matrices and embeddings only.</summary>
    AdamW,
}
