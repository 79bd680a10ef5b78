namespace Eggroll.Cli.Bench;

/// <summary>
/// One linear layer at one width and rank: median milliseconds of plain inference, of the EGGROLL
/// perturbed forward with the noise epoch's factors pre-generated and with them regenerated on every
/// pass, and each perturbed forward's throughput with inference = 100 (the median over rounds of the
/// plain run's time against the perturbed run's time in the same round).
/// </summary>
internal sealed record ForwardResult(
    int Width,
    int Rank,
    int Population,
    int RowsPerMember,
    double PlainMilliseconds,
    double PregeneratedMilliseconds,
    double OnTheFlyMilliseconds,
    double PregeneratedPercent,
    double OnTheFlyPercent);
