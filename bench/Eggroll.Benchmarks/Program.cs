using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>Entry point: runs the benchmarks selected on the command line.</summary>
public partial class Program;
