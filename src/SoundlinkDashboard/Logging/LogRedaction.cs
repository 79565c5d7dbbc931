using System.Collections;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace SoundlinkDashboard.Logging;

/// <summary>
/// Share tokens are credentials that travel in the path (/s/{token}). ASP.NET Core logs request paths before any of
/// our code runs, so the app's logger factory itself is wrapped: every message, structured value, scope and
/// exception text has the token replaced before any sink (console, test capture, …) sees it.
/// </summary>
public static partial class LogRedaction
{
    public static IHostApplicationBuilder AddLogRedaction(this IHostApplicationBuilder builder)
    {
        builder.Services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(services => new RedactingLoggerFactory(new LoggerFactory(
            services.GetServices<ILoggerProvider>(),
            services.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            services.GetService<IOptions<LoggerFactoryOptions>>(),
            services.GetService<IExternalScopeProvider>()))));
        return builder;
    }

    /// <summary>
    /// Masks what follows "/s/" or a bare "s/" (a route value) up to the next path or query separator: in any letter
    /// case (routing ignores it: /S/ serves the same link), and with the slashes or the "s" percent-encoded once or
    /// more (/%53/, ReturnUrl=%2Fs%2F…, %252Fs%252F… for double encoding), as paths and query strings carry them.
    /// </summary>
    public static string Redact(string text) => MayHoldToken(text) ? ShareToken().Replace(text, "${prefix}[token]") : text;

    internal static object? RedactValue(object? value)
    {
        if (value is null or bool or int or long or double or decimal or Enum or DateTime or DateTimeOffset or TimeSpan)
        {
            return value;
        }
        var text = value.ToString();
        return text is not null && MayHoldToken(text) ? Redact(text) : value;
    }

    /// <summary>A cheap test first: every form the pattern matches has a slash, or a percent sign for an encoded one.</summary>
    private static bool MayHoldToken(string text) => text.AsSpan().IndexOfAny('/', '%') >= 0;

    // SLASH: "/" or "%2F" with any number of "25" (each a further level of encoding); S likewise "s" or %73 / %53.
    // A token runs until a separator, literal or encoded (/ ? # & = space quotes < >).
    [GeneratedRegex("""
        (?<prefix>(?<![A-Za-z0-9_.~-])(?:/|%(?:25)*2F)?(?:s|%(?:25)*[57]3)(?:/|%(?:25)*2F))(?:(?!%(?:25)*(?:2F|3F|23|26|3D|20|22|27|3C|3E))[^/?#&=\s"'<>])+
        """, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ShareToken();

    private sealed class RedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName));

        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

        public void Dispose() => inner.Dispose();
    }

    private sealed class RedactingLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull =>
            inner.BeginScope(state is IEnumerable<KeyValuePair<string, object?>> values
                ? new RedactedState(values, Redact(state.ToString() ?? ""))
                : (object)Redact(state.ToString() ?? ""));

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel))
            {
                return;
            }
            var redacted = new RedactedState(state as IEnumerable<KeyValuePair<string, object?>> ?? [], Redact(formatter(state, exception)));
            var error = exception is not null && exception.ToString() is var text && Redact(text) != text
                ? new RedactedException(Redact(text))
                : exception;
            inner.Log(logLevel, eventId, redacted, error, static (s, _) => s.Message);
        }
    }

    /// <summary>The structured values of a log message, with every text that holds a token masked.</summary>
    private sealed class RedactedState(IEnumerable<KeyValuePair<string, object?>> values, string message)
        : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private readonly KeyValuePair<string, object?>[] _values =
            values.Select(v => new KeyValuePair<string, object?>(v.Key, RedactValue(v.Value))).ToArray();

        public string Message { get; } = message;

        public KeyValuePair<string, object?> this[int index] => _values[index];

        public int Count => _values.Length;

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_values).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => Message;
    }

    /// <summary>Stands in for an exception whose text held a token: the same text, masked.</summary>
    private sealed class RedactedException(string text) : Exception(text)
    {
        public override string ToString() => Message;
    }
}
