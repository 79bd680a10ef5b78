using Microsoft.Extensions.Logging;

namespace Eggroll.Distributed;

/// <summary>
/// Orleans' own log on standard error, one line per entry, from the level named by the environment variable
/// EGGROLL_CLUSTER_LOG (Trace, Debug, Information, Warning, Error); silent when it is not set. For diagnosing a cluster.
/// </summary>
internal sealed class StderrLogging : ILoggerProvider
{
    public const string Variable = "EGGROLL_CLUSTER_LOG";

    private readonly LogLevel minimum;

    private StderrLogging(LogLevel minimum)
    {
        this.minimum = minimum;
    }

    /// <summary>The provider the environment asks for, or null.</summary>
    public static StderrLogging? FromEnvironment() =>
        Enum.TryParse(Environment.GetEnvironmentVariable(Variable), ignoreCase: true, out LogLevel level) ? new StderrLogging(level) : null;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, minimum);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, LogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                Console.Error.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : " | " + exception.GetType().Name + ": " + exception.Message)}");
            }
        }
    }
}
