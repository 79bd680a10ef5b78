using System.Globalization;
using System.Text;

namespace Eggroll.Tasks.Experiments;

/// <summary>The plain-text table of a <see cref="RankExperimentResult"/>.</summary>
public static class RankTable
{
    /// <summary>Formats the points, one line per rank, and the fitted slope.</summary>
    public static string Format(RankExperimentResult result)
    {
        var text = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        text.AppendLine(invariant, $"{"rank",5}  {"d(r)",10}  {"noise floor",11}  {"d/floor",7}  {"exact d(r)",10}  fitted");
        foreach (var point in result.Points)
        {
            text.AppendLine(invariant, $"{point.Rank,5}  {point.Distance,10:E3}  {point.NoiseFloor,11:E3}  {point.Distance / point.NoiseFloor,7:F1}  {(point.Exact is double exact ? exact.ToString("E3", invariant) : "-"),10}  {(point.Fitted ? "yes" : "no")}");
        }

        text.Append(result.Slope is double slope
            ? string.Create(invariant, $"slope of log d vs log r (points with d ≥ {result.FitThreshold}·floor): {slope:F3}")
                + (result.ExactSlope is double exactSlope ? string.Create(invariant, $"; exact d(r) over the same ranks: {exactSlope:F3}") : string.Empty)
            : $"slope: fewer than two points with d ≥ {result.FitThreshold}·floor");
        return text.ToString();
    }
}
