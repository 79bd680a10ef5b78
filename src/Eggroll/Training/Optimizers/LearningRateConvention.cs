namespace Eggroll.Training.Optimizers;

/// <summary>Which units the learning rate is given in.</summary>
public enum LearningRateConvention
{
    /// <summary>The optimiser receives ĝ = 1/(Nσ)·Σ F_t ε_t, the textbook ES gradient estimate.</summary>
    Textbook,

    /// <summary>
    /// The optimiser receives √N·mean_t(F_t·σε_t) = σ²·√N·ĝ, as in the EGGROLL authors' code, so
    /// their learning rates transfer unchanged. For SGD, an authors' rate lr equals a textbook rate lr·σ²·√N.
    /// </summary>
    Authors,
}
