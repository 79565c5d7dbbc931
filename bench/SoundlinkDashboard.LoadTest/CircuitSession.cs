using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace SoundlinkDashboard.LoadTest;

/// <summary>What one filter change (or the opening of the page) took, as the client saw it.</summary>
/// <param name="Bytes">Render batch bytes received.</param>
/// <param name="ChartBytes">Characters of the chart configurations sent to render/update calls (the server keeps each chart's
/// last one, serialized, to skip redraws that change nothing).</param>
internal sealed record RenderWait(double Ms, int Batches, long Bytes, long ChartBytes, bool ChartDrawn);

/// <summary>
/// One dashboard session without a browser: a real Blazor Server circuit driven the way blazor.web.js (.NET 10)
/// drives it. It GETs the prerendered page with the auth cookie, reads the server component markers and the
/// persisted state comment, connects to /_blazor over WebSockets with the "blazorpack" protocol, calls
/// StartCircuit and then UpdateRootComponents with the markers, acknowledges every render batch
/// (OnRenderCompleted) and answers the JS interop calls the page makes. A filter change is OnLocationChanged
/// to another query string, as NavigationManager.NavigateTo ends up doing in a browser.
/// </summary>
internal sealed partial class CircuitSession(int id, Uri baseAddress, HttpClient http, CookieContainer cookies,
    ClientLogProvider log, JsCallLedger ledger, TimeSpan quiet)
{
    /// <summary>JSCallResultType.JSVoidResult in Microsoft.JSInterop.</summary>
    private const int JsVoidResult = 3;

    /// <summary>
    /// Without a chart call (the trend and sparklines redraw only once the new numbers are rendered) a render is
    /// taken as complete only after this much silence.
    /// </summary>
    private static readonly TimeSpan QuietWithoutChart = TimeSpan.FromSeconds(2);

    /// <summary>What a desktop browser (a 1920 x 1080 window) answers to the MudBlazor calls that want a value.</summary>
    private static readonly Dictionary<string, string> BrowserAnswers = new(StringComparer.Ordinal)
    {
        ["window.hasOwnProperty"] = "true",
        ["mudpopoverHelper.countProviders"] = "1",
        ["mudResizeListener.getBrowserWindowSize"] = """{"height":1080,"width":1920}""",
        ["mudElementRef.getBoundingClientRect"] = """{"x":0,"y":0,"width":240,"height":40,"top":0,"left":0,"right":240,"bottom":40,"scrollX":0,"scrollY":0,"windowHeight":1080,"windowWidth":1920}""",
    };

    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);
    private readonly HashSet<long> _trendModules = [];
    private HubConnection? _connection;
    private long _nextObjectId;
    private long _lastBatch;
    private int _batches;
    private long _bytes;
    private long _chartBytes;
    private bool _chartDrawn;
    private volatile string? _failure;
    private volatile bool _closing;

    public int Id { get; } = id;

    /// <summary>LOADTEST_TRACE=1 prints every JS interop call and render batch to standard error.</summary>
    public static bool Trace { get; } = Environment.GetEnvironmentVariable("LOADTEST_TRACE") == "1";

    /// <summary>The circuit's secret (StartCircuit's answer): the disconnect beacon names it.</summary>
    public string? CircuitSecret { get; private set; }

    /// <summary>Set when the circuit reported an error (JS.Error) or the connection dropped.</summary>
    public string? Failure => _failure;

    /// <summary>GET the page, start the circuit on its markers and wait until the interactive render is complete.</summary>
    public async Task<RenderWait> OpenAsync(string pathAndQuery, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await http.GetAsync(pathAndQuery, cancellationToken);
        var html = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {pathAndQuery} answered {(int)response.StatusCode} {response.Headers.Location}");
        }
        var markers = ServerMarkers(html);
        if (markers.Count == 0)
        {
            throw new InvalidOperationException($"GET {pathAndQuery}: the page holds no server component marker");
        }
        var state = StateComment().Match(html) is { Success: true } m ? m.Groups[1].Value : "";

        _connection = Build();
        Reset();
        await _connection.StartAsync(cancellationToken);
        var pageUri = new Uri(baseAddress, pathAndQuery).ToString();
        // blazor.web.js: StartCircuit(baseURI, location.href, JSON of the initial components (none for the web
        // root component manager), the persisted state), then the first UpdateRootComponents with the same state.
        CircuitSecret = await _connection.InvokeAsync<string?>("StartCircuit", baseAddress.ToString(), pageUri, "[]", state, cancellationToken);
        if (string.IsNullOrEmpty(CircuitSecret))
        {
            throw new InvalidOperationException($"StartCircuit returned no circuit{(Failure is null ? "" : $": {Failure}")}");
        }
        var operations = new JsonArray();
        for (var i = 0; i < markers.Count; i++)
        {
            markers[i]["uniqueId"] = i;
            operations.Add(new JsonObject { ["type"] = "add", ["ssrComponentId"] = i + 1, ["marker"] = markers[i] });
        }
        var batch = new JsonObject { ["batchId"] = 1, ["operations"] = operations };
        await _connection.SendAsync("UpdateRootComponents", batch.ToJsonString(), state, cancellationToken);
        return await WaitForRenderAsync(started, timeout, cancellationToken);
    }

    /// <summary>A filter change: the address changes to <paramref name="pathAndQuery"/> and the router re-renders the page.</summary>
    public async Task<RenderWait> ChangeAsync(string pathAndQuery, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var connection = _connection ?? throw new InvalidOperationException("The session is not open.");
        Reset();
        var started = Stopwatch.GetTimestamp();
        if (Trace)
        {
            Console.Error.WriteLine($"trace {Id} {started / (Stopwatch.Frequency / 1000)} OnLocationChanged {pathAndQuery}");
        }
        await connection.SendAsync("OnLocationChanged", new Uri(baseAddress, pathAndQuery).ToString(), null, false, cancellationToken);
        return await WaitForRenderAsync(started, timeout, cancellationToken);
    }

    /// <summary>Closes the connection, then tells the server to dispose the circuit now (blazor.web.js does both on unload).</summary>
    public async Task CloseAsync()
    {
        _closing = true;
        if (_connection is null)
        {
            return;
        }
        try
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _connection.StopAsync(stop.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
        }
        await _connection.DisposeAsync();
        if (CircuitSecret is not null)
        {
            try
            {
                using var form = new MultipartFormDataContent { { new StringContent(CircuitSecret), "circuitId" } };
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                using var _ = await http.PostAsync("_blazor/disconnect", form, timeout.Token);
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
            }
        }
    }

    private HubConnection Build()
    {
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, "_blazor"), HttpTransportType.WebSockets, options => options.Cookies = cookies)
            .ConfigureLogging(logging =>
            {
                logging.ClearProviders();
                logging.AddProvider(log);
                logging.SetMinimumLevel(LogLevel.Warning);
            });
        builder.Services.RemoveAll<IHubProtocol>();
        builder.Services.AddSingleton<IHubProtocol, BlazorPackHubProtocol>();
        var connection = builder.Build();
        // No automatic reconnect: a dropped connection is an error of the run.
        connection.ServerTimeout = TimeSpan.FromSeconds(60);

        connection.On<long, byte[]>("JS.RenderBatch", async (batchId, data) =>
        {
            var now = Stopwatch.GetTimestamp();
            lock (_gate)
            {
                _lastBatch = now;
                _batches++;
                _bytes += data.Length;
            }
            _signal.Release();
            if (Trace)
            {
                Console.Error.WriteLine($"trace {Id} {now / (Stopwatch.Frequency / 1000)} batch {batchId} {data.Length} bytes");
            }
            await connection.SendAsync("OnRenderCompleted", batchId, null);
        });
        connection.On<long, string, string, int, long, int>("JS.BeginInvokeJS", (handle, identifier, argsJson, resultType, target, _) =>
            AnswerJsAsync(connection, handle, identifier, argsJson, resultType, target));
        connection.On<long>("JS.EndUpdateRootComponents", _ => { });
        connection.On<int, string>("JS.AttachComponent", (_, _) => { });
        connection.On<string>("JS.Error", message => Fail($"JS.Error: {message}"));
        connection.Closed += error =>
        {
            if (!_closing)
            {
                Fail($"connection closed: {error?.Message ?? "by the server"}");
            }
            return Task.CompletedTask;
        };
        return connection;
    }

    /// <summary>
    /// Answers the page's JS interop like a browser would where it matters: <c>import</c> gets an object id
    /// (<c>{"__jsObjectId":N}</c>), theme.js's <c>prefersDark</c> is false, the framework's own calls and void
    /// calls succeed with null (a navigateTo is followed by OnLocationChanged, as the browser does), the few
    /// MudBlazor calls that want a value get a desktop browser's answer; anything else is answered with a failure,
    /// as a script error would be. Every call is counted in the ledger.
    /// </summary>
    private async Task AnswerJsAsync(HubConnection connection, long handle, string identifier, string? argsJson, int resultType, long target)
    {
        bool succeeded;
        string result;
        var chart = false;
        (string Uri, string? State)? navigation = null;
        if (identifier == "import")
        {
            var objectId = Interlocked.Increment(ref _nextObjectId);
            if (argsJson?.Contains("trend-chart", StringComparison.Ordinal) == true)
            {
                lock (_gate)
                {
                    _trendModules.Add(objectId);
                }
            }
            (succeeded, result) = (true, $"{{\"__jsObjectId\":{objectId}}}");
        }
        else if (identifier == "prefersDark")
        {
            (succeeded, result) = (true, "false");
        }
        else if (identifier == "Blazor._internal.navigationManager.navigateTo")
        {
            // NavigationManager.NavigateTo on the server: the browser pushes the address and reports it back
            // with OnLocationChanged (after this call returns), as blazor.web.js does.
            navigation = NavigationOf(argsJson);
            (succeeded, result) = (true, "null");
        }
        else if (identifier.StartsWith("Blazor._internal.", StringComparison.Ordinal))
        {
            // The framework's own calls (page title, navigation interception, focus, renderer interop): a
            // browser answers undefined for all but the title, which may be null.
            (succeeded, result) = (true, "null");
        }
        else if (BrowserAnswers.TryGetValue(identifier, out var answer))
        {
            (succeeded, result) = (true, answer);
        }
        else if (resultType == JsVoidResult)
        {
            lock (_gate)
            {
                chart = target != 0 && _trendModules.Contains(target) && identifier is "render" or "update";
            }
            (succeeded, result) = (true, "null");
        }
        else
        {
            (succeeded, result) = (false, JsonSerializer.Serialize($"'{identifier}' is not available in the load test client"));
        }
        ledger.Record(identifier, succeeded);
        if (Trace)
        {
            Console.Error.WriteLine($"trace {Id} {Stopwatch.GetTimestamp() / (Stopwatch.Frequency / 1000)} JS {identifier} target={target} type={resultType} args={argsJson?[..Math.Min(argsJson.Length, 300)]}");
        }
        if (chart)
        {
            lock (_gate)
            {
                _chartDrawn = true;
                _chartBytes += argsJson?.Length ?? 0;
            }
            _signal.Release();
        }
        if (handle != 0)
        {
            await connection.SendAsync("EndInvokeJSFromDotNet", handle, succeeded, $"[{handle},{(succeeded ? "true" : "false")},{result}]");
        }
        if (navigation is { } to)
        {
            await connection.SendAsync("OnLocationChanged", to.Uri, to.State, false);
        }
    }

    /// <summary>The address and history state of a navigateTo call, unless it forces a full page load.</summary>
    private static (string Uri, string? State)? NavigationOf(string? argsJson)
    {
        if (argsJson is null || JsonNode.Parse(argsJson) is not JsonArray { Count: > 0 } args || args[0]?.GetValue<string>() is not { } uri)
        {
            return null;
        }
        var options = args.Count > 1 ? args[1] as JsonObject : null;
        if (options?["forceLoad"]?.GetValue<bool>() == true)
        {
            return null;
        }
        return (uri, options?["historyEntryState"]?.GetValue<string>());
    }

    private void Reset()
    {
        lock (_gate)
        {
            _lastBatch = 0;
            _batches = 0;
            _bytes = 0;
            _chartBytes = 0;
            _chartDrawn = false;
        }
    }

    private void Fail(string message)
    {
        _failure ??= message;
        _signal.Release();
    }

    /// <summary>
    /// Waits until the render is complete: render batches went quiet for <c>quiet</c> after the charts were
    /// redrawn (which the server does in OnAfterRender of the render that shows the new numbers), or for
    /// <see cref="QuietWithoutChart"/> without that. The time is that of the last batch.
    /// </summary>
    private async Task<RenderWait> WaitForRenderAsync(long started, TimeSpan timeout, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (Failure is { } failure)
            {
                throw new InvalidOperationException(failure);
            }
            long last;
            int batches;
            long bytes;
            long chartBytes;
            bool chart;
            lock (_gate)
            {
                (last, batches, bytes, chartBytes, chart) = (_lastBatch, _batches, _bytes, _chartBytes, _chartDrawn);
            }
            var now = Stopwatch.GetTimestamp();
            var elapsed = Stopwatch.GetElapsedTime(started, now);
            var wait = timeout - elapsed;
            if (last != 0)
            {
                var silent = Stopwatch.GetElapsedTime(last, now);
                var needed = chart ? quiet : QuietWithoutChart;
                if (silent >= needed)
                {
                    return new RenderWait(Stopwatch.GetElapsedTime(started, last).TotalMilliseconds, batches, bytes, chartBytes, chart);
                }
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks, (needed - silent).Ticks));
            }
            if (elapsed >= timeout)
            {
                throw new TimeoutException($"no complete render within {timeout.TotalSeconds:0} s ({batches} batches, chart drawn: {chart})");
            }
            await _signal.WaitAsync(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, cancellationToken);
        }
    }

    /// <summary>The start markers of the server components (&lt;!--Blazor:{"type":"server",...}--&gt;), in sequence order.</summary>
    private static List<JsonObject> ServerMarkers(string html)
    {
        var markers = new List<JsonObject>();
        foreach (Match match in MarkerComment().Matches(html))
        {
            if (JsonNode.Parse(match.Groups[1].Value) is JsonObject marker && marker["type"]?.GetValue<string>() == "server")
            {
                markers.Add(marker);
            }
        }
        return markers.OrderBy(m => m["sequence"]?.GetValue<int>() ?? 0).ToList();
    }

    [GeneratedRegex(@"<!--Blazor:(\{.*?\})-->", RegexOptions.Singleline)]
    private static partial Regex MarkerComment();

    [GeneratedRegex(@"<!--\s*Blazor-Server-Component-State:([A-Za-z0-9+/=]+)\s*-->")]
    private static partial Regex StateComment();
}

/// <summary>Counts the JS interop calls the sessions answered, by identifier and outcome.</summary>
internal sealed class JsCallLedger
{
    private readonly ConcurrentDictionary<(string Identifier, bool Succeeded), int> _calls = new();

    public void Record(string identifier, bool succeeded) => _calls.AddOrUpdate((identifier, succeeded), 1, (_, n) => n + 1);

    public IEnumerable<(string Identifier, bool Succeeded, int Count)> Calls =>
        _calls.OrderBy(c => c.Key.Identifier, StringComparer.Ordinal).Select(c => (c.Key.Identifier, c.Key.Succeeded, c.Value));
}

/// <summary>The SignalR client's own warnings and errors, to standard error, counted.</summary>
internal sealed class ClientLogProvider : ILoggerProvider
{
    private int _errors;
    private int _warnings;

    public int Errors => _errors;

    public int Warnings => _warnings;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ClientLogProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }
            if (logLevel >= LogLevel.Error)
            {
                Interlocked.Increment(ref owner._errors);
            }
            else
            {
                Interlocked.Increment(ref owner._warnings);
            }
            Console.Error.WriteLine($"client {logLevel}: {category}: {formatter(state, exception)}{(exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})")}");
        }
    }
}
