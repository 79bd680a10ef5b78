namespace Eggroll.Models;

/// <summary>Element-wise non-linearities.</summary>
public enum ActivationKind
{
    /// <summary>max(0, x).</summary>
    Relu,

    /// <summary>tanh(x).</summary>
    Tanh,

    /// <summary>x·sigmoid(x).</summary>
    Silu,
}
