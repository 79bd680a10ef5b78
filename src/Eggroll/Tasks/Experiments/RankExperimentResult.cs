namespace Eggroll.Tasks.Experiments;

/// <summary>One rank's measurement: d(r) = ‖E[ĝ_r] − E[ĝ_full]‖ / ‖E[ĝ_full]‖ and its noise floor.</summary>
/// <param name="Rank">The rank r.</param>
/// <param name="Distance">d(r), from the Monte Carlo means.</param>
/// <param name="NoiseFloor">The expected d of two noisy means with equal expectations: √(Σ_i SE²_r,i + SE²_full,i) / ‖E[ĝ_full]‖.</param>
/// <param name="Exact">The exact d(r) where the fitness has a closed form (<see cref="SineReadoutTheory"/>), otherwise null.</param>
/// <param name="Fitted">Whether the point is far enough above the floor to enter the slope fit.</param>
/// <param name="Seconds">Wall time of this rank's estimates.</param>
public sealed record RankPoint(int Rank, double Distance, double NoiseFloor, double? Exact, bool Fitted, double Seconds);

/// <summary>The outcome of <see cref="RankExperiment.Run"/>.</summary>
/// <param name="Options">The settings used.</param>
/// <param name="ReferenceNorm">‖E[ĝ_full]‖, the Monte Carlo mean of the full-rank estimates.</param>
/// <param name="ReferenceSeconds">Wall time of the full-rank estimates.</param>
/// <param name="FitThreshold">A point enters the fit when d ≥ FitThreshold × its noise floor.</param>
/// <param name="Points">One point per rank, in increasing rank.</param>
/// <param name="Slope">Least-squares slope of log d against log r over the fitted points, or null with fewer than two.</param>
/// <param name="Intercept">The fitted line's intercept (natural logarithms), or null.</param>
/// <param name="ExactSlope">The slope of the exact d(r) over the same ranks, where the fitness has a closed form and <paramref name="Slope"/> exists.</param>
public sealed record RankExperimentResult(
    RankExperimentOptions Options,
    double ReferenceNorm,
    double ReferenceSeconds,
    double FitThreshold,
    IReadOnlyList<RankPoint> Points,
    double? Slope,
    double? Intercept,
    double? ExactSlope);
