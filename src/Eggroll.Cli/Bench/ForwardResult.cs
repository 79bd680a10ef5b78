namespace Eggroll.Cli.Bench;

/// <summary>
/// One linear layer at one width and rank: median milliseconds of plain inference, of the EGGROLL
/// perturbed forward with the noise epoch's factors pre-generated, with them regenerated on every
/// pass, and (when asked for) with a new noise epoch every pass read from a shared noise table, and each perturbed forward's throughput with inference = 100 (the median over rounds of the
/// plain run's time against the perturbed run's time in the same round); <paramref name="Amortised"/> adds the
/// ES update, once every K forwards.
/// </summary>
internal sealed record ForwardResult(
    int Width,
    int Rank,
    int Population,
    int RowsPerMember,
    double PlainMilliseconds,
    double PregeneratedMilliseconds,
    double OnTheFlyMilliseconds,
    double? TableMilliseconds,
    double PregeneratedPercent,
    double OnTheFlyPercent,
    double? TablePercent,
    IReadOnlyList<AmortisedUpdate> Amortised);

/// <summary>
/// A whole ES cycle of the layer every <paramref name="StepsPerUpdate"/> forwards (a new noise epoch, K perturbed
/// forwards, the update): median milliseconds per forward step, and the throughput with inference = 100 (median over
/// rounds of K plain forwards, timed as K times the round's plain run, against the round's cycle).
/// </summary>
internal sealed record AmortisedUpdate(int StepsPerUpdate, double MillisecondsPerStep, double Percent);
