namespace Eggroll.Tasks.Language;

/// <summary>How a <see cref="LmRunConfig"/> run trains its model.</summary>
public enum LmMethod
{
    /// <summary>EGGROLL: integer for the EGG model, float for RWKV-7 (the "training" and "rwkv" sections).</summary>
    Eggroll,

    /// <summary>Back-propagated gradients with AdamW on truncated sequences (RWKV-7 only; the "backprop" section).</summary>
    Backprop,
}
