namespace Eggroll.Population;

/// <summary>A parameter with its qualified name within a model ("layers.0.weight").</summary>
/// <param name="Name">The qualified name, unique within the model.</param>
/// <param name="Parameter">The parameter.</param>
public readonly record struct NamedParameter(string Name, Parameter Parameter);
