using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SoundlinkDashboard.Tests.Web;

/// <summary>One log message as the app wrote it, with its exception text if any.</summary>
public sealed record CapturedLog(string Category, LogLevel Level, string Message, string? Exception);

/// <summary>Keeps every message every logger of the app writes, at every level, so tests can search them.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();

    public IReadOnlyList<CapturedLog> Entries => _entries.ToArray();

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<CapturedLog> entries) : ILogger
    {
        /// <summary>Scopes (such as a request's path) are kept as entries of their own, so they are searched too.</summary>
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            var text = state.ToString() ?? "";
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                text += " | " + string.Join("; ", values.Select(v => $"{v.Key}={v.Value}"));
            }
            entries.Enqueue(new CapturedLog(category, LogLevel.None, "scope: " + text, null));
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            // The formatted message and the structured values: a secret must show up in neither.
            var message = formatter(state, exception);
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                message += " | " + string.Join("; ", values.Select(v => $"{v.Key}={v.Value}"));
            }
            entries.Enqueue(new CapturedLog(category, logLevel, message, exception?.ToString()));
        }
    }
}
