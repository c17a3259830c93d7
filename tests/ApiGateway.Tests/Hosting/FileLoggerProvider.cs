using Microsoft.Extensions.Logging;

namespace Granary.ApiGateway.Tests.Hosting;

/// <summary>
/// When <c>GRANARY_TEST_LOG</c> names a file, the test gateways' logs are appended to it (for diagnosing a failing
/// run; xUnit shows no console output of the hosts it runs).
/// </summary>
public sealed class FileLoggerProvider(string path) : ILoggerProvider
{
    public const string EnvironmentVariable = "GRANARY_TEST_LOG";

    private readonly Lock _lock = new();

    public ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName);

    public void Dispose()
    {
    }

    private void Write(string line)
    {
        lock (_lock)
        {
            File.AppendAllText(path, line + Environment.NewLine);
        }
    }

    private sealed class FileLogger(FileLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Write($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)} {exception}");
            }
        }
    }
}
