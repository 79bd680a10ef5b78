namespace Eggroll.Tasks.Language;

/// <summary>Which byte language model a <see cref="LmRunConfig"/> trains.</summary>
public enum LmModelKind
{
    /// <summary>The int8 EGG model trained with integer EGGROLL (the "model" section).</summary>
    Egg,

    /// <summary>An RWKV-7 model trained with float EGGROLL (the "rwkv" section).</summary>
    Rwkv7,
}
