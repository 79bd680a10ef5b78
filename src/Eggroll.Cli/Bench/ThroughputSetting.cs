namespace Eggroll.Cli.Bench;

/// <summary>One point of the throughput grid: population N, rows per member T, rank r.</summary>
internal sealed record ThroughputSetting(int Population, int RowsPerMember, int Rank);
