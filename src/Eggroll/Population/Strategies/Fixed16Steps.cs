using Eggroll.Numerics;

namespace Eggroll.Population.Strategies;

/// <summary>
/// Where <see cref="PairNoiseFill"/> writes the 16-bit k of rounded noise (<see cref="Fixed16"/>): the first part's in
/// <paramref name="First"/> and the second's in <paramref name="Second"/>, either null for rounding without storing.
/// </summary>
internal readonly record struct Fixed16Steps(short[]? First, short[]? Second);
