namespace Eggroll.Training;

/// <summary>The result of one <see cref="IValidation.Validate"/>: named values added to the epoch's metrics record, and a summary.</summary>
/// <param name="Values">Metric names (camelCase) and values, in the order they are written.</param>
/// <param name="Summary">A short human-readable summary for progress lines.</param>
public sealed record ValidationReport(IReadOnlyList<KeyValuePair<string, double>> Values, string Summary);
