using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Reflection;
using SoundlinkDashboard.LoadTest;

// Load test: N concurrent dashboard sessions (real Blazor Server circuits, see CircuitSession) against a store of
// 1.1M metric rows, on loopback, bounded in time. Figures go to standard output, progress to standard error.
var options = LoadTestOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(LoadTestOptions.Usage);
    return 2;
}

var work = Path.Combine(Path.GetTempPath(), $"sd-loadtest-{Environment.ProcessId}");
Directory.CreateDirectory(work);
using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    interrupt.Cancel();
};
var exitCode = 1;
try
{
    await using var app = new AppUnderTest(options.AppDll, options.WebRoot, work, options.WorkstationGc, options.AppEnvironment);
    await app.PrepareAsync(options.Rows, interrupt.Token);
    await app.StartAsync(interrupt.Token);
    exitCode = await new LoadRun(options, app).RunAsync(interrupt.Token);
}
catch (Exception ex)
{
    Console.Error.WriteLine($"error: {ex.GetType().Name}: {ex.Message}");
    Console.Error.WriteLine($"the work folder {work} is kept for its log");
    options = options with { Keep = true };
}
finally
{
    if (!options.Keep)
    {
        Directory.Delete(work, recursive: true);
    }
    else
    {
        Console.Error.WriteLine($"kept {work}");
    }
}
return exitCode;

internal sealed record LoadTestOptions(int Sessions, int Changes, int SingleChanges, int Rows, TimeSpan Stagger, TimeSpan TimeLimit,
    TimeSpan Quiet, bool WorkstationGc, string AppDll, bool Keep)
{
    /// <summary>Another page for the sessions to open (--open-path), without filter changes: the memory of a lighter page.</summary>
    public string? OpenPath { get; init; }

    /// <summary>Where to write the server's heap dumps before and with the sessions (--dump-dir), for dotnet-dump.</summary>
    public string? DumpDir { get; init; }

    /// <summary>Extra environment variables for the app process (--app-env), e.g. DOTNET_PerfMapEnabled=1 for perf.</summary>
    public Dictionary<string, string> AppEnvironment { get; } = new(StringComparer.Ordinal);

    private static readonly string RepoRoot = typeof(LoadTestOptions).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .First(a => a.Key == "RepoRoot").Value!;

    /// <summary>The repository's wwwroot (the build copies the front-end files the app reads into wwwroot/lib).</summary>
    public string WebRoot => Path.Combine(RepoRoot, "wwwroot");

    public const string Usage = """
        usage: SoundlinkDashboard.LoadTest [options]
          --sessions N        concurrent dashboard sessions (default 100)
          --changes N         filter changes per session (default 10)
          --single-changes N  filter changes of the one session measured alone first (default 20)
          --rows N            metric rows of the store (default 1095000 = 50 campaigns x 60 countries x 365 days)
          --stagger S         seconds over which the sessions start (default 10)
          --time-limit S      hard limit in seconds for the sessions (warm-up, single, load; default 300)
          --quiet-ms MS       render batches silent this long after the charts redrew = render complete (default 150)
          --gc workstation    run the app with DOTNET_gcServer=0 (default: the app's own setting, Server GC)
          --app PATH          the app's built SoundlinkDashboard.dll (default: the repository's Release build)
          --app-env NAME=VAL  an extra environment variable for the app (repeatable), e.g. DOTNET_PerfMapEnabled=1
          --keep              keep the temporary folder (database, app log)
          --open-path PATH    sessions open this page (e.g. "t/load/campaigns") and change nothing: its memory per session
          --dump-dir PATH     write the server's heap dumps (before.dmp, with.dmp) and memory maps (.smaps) there
        """;

    public static LoadTestOptions? Parse(string[] args)
    {
        var options = new LoadTestOptions(100, 10, 20, 50 * 60 * 365, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(300),
            TimeSpan.FromMilliseconds(150), false,
            Path.Combine(RepoRoot, "src", "SoundlinkDashboard", "bin", "Release", "net10.0", "SoundlinkDashboard.dll"), false);
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            int? number = int.TryParse(value, CultureInfo.InvariantCulture, out var n) && n >= 0 ? n : null;
            switch (args[i])
            {
                case "--sessions" when number > 0:
                    options = options with { Sessions = number.Value };
                    break;
                case "--changes" when number is not null:
                    options = options with { Changes = number.Value };
                    break;
                case "--single-changes" when number is not null:
                    options = options with { SingleChanges = number.Value };
                    break;
                case "--rows" when number > 0:
                    options = options with { Rows = number.Value };
                    break;
                case "--stagger" when number is not null:
                    options = options with { Stagger = TimeSpan.FromSeconds(number.Value) };
                    break;
                case "--time-limit" when number > 0:
                    options = options with { TimeLimit = TimeSpan.FromSeconds(number.Value) };
                    break;
                case "--quiet-ms" when number > 0:
                    options = options with { Quiet = TimeSpan.FromMilliseconds(number.Value) };
                    break;
                case "--gc" when value is "workstation" or "server":
                    options = options with { WorkstationGc = value == "workstation" };
                    break;
                case "--app" when value is not null:
                    options = options with { AppDll = Path.GetFullPath(value) };
                    break;
                case "--app-env" when value?.IndexOf('=', StringComparison.Ordinal) > 0:
                    options.AppEnvironment[value[..value.IndexOf('=', StringComparison.Ordinal)]] = value[(value.IndexOf('=', StringComparison.Ordinal) + 1)..];
                    break;
                case "--keep":
                    options = options with { Keep = true };
                    continue;
                case "--open-path" when value is not null:
                    options = options with { OpenPath = value.TrimStart('/') };
                    break;
                case "--dump-dir" when value is not null:
                    options = options with { DumpDir = Path.GetFullPath(value) };
                    break;
                default:
                    return null;
            }
            i++;
        }
        if (!File.Exists(options.AppDll))
        {
            Console.Error.WriteLine($"error: {options.AppDll} does not exist: build the app (dotnet build -c Release src/SoundlinkDashboard) or pass --app");
            return null;
        }
        return options;
    }
}

/// <summary>What the sessions of one phase measured.</summary>
internal sealed class PhaseResults
{
    private readonly Lock _gate = new();

    public List<double> Latencies { get; } = [];

    public List<double> Opens { get; } = [];

    public List<long> Bytes { get; } = [];

    public List<long> OpenBytes { get; } = [];

    public List<long> OpenChartBytes { get; } = [];

    public List<string> Errors { get; } = [];

    public int WithoutChart { get; private set; }

    public void Change(RenderWait wait)
    {
        lock (_gate)
        {
            Latencies.Add(wait.Ms);
            Bytes.Add(wait.Bytes);
            WithoutChart += wait.ChartDrawn ? 0 : 1;
        }
    }

    public void Open(RenderWait wait)
    {
        lock (_gate)
        {
            Opens.Add(wait.Ms);
            OpenBytes.Add(wait.Bytes);
            OpenChartBytes.Add(wait.ChartBytes);
            WithoutChart += wait.ChartDrawn ? 0 : 1;
        }
    }

    public void Error(string message)
    {
        lock (_gate)
        {
            Errors.Add(message);
        }
    }
}

/// <summary>The phases: warm-up sessions, one session alone, then the concurrent sessions.</summary>
internal sealed class LoadRun(LoadTestOptions options, AppUnderTest app)
{
    private static readonly TimeSpan OpenTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ChangeTimeout = TimeSpan.FromSeconds(30);
    private const int WarmupSessions = 10;
    private const int WarmupChanges = 20;

    private readonly CookieContainer _cookies = new();
    private readonly JsCallLedger _ledger = new();
    private readonly ClientLogProvider _clientLog = new();
    private readonly int _campaigns = (options.Rows + 60 * 365 - 1) / (60 * 365);
    private HttpClient _http = null!;

    public async Task<int> RunAsync(CancellationToken interrupt)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(interrupt);
        limit.CancelAfter(options.TimeLimit);
        var ct = limit.Token;
        using var handler = new SocketsHttpHandler { CookieContainer = _cookies, UseCookies = true, AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        _http = http;
        await SignIn.RunAsync(http, _cookies, app.BaseAddress, ct);

        // Warm-up: a few sessions with short think times, so that the hot paths (prerender, circuit start, the
        // dashboard's queries and renders) are compiled at tier 1 before anything is measured.
        app.Phase = "warmup";
        var warmup = new PhaseResults();
        await Task.WhenAll(Enumerable.Range(0, WarmupSessions).Select(i =>
            RunSessionAsync(i, WarmupChanges, warmup, null, null, ct, think: (100, 300))));
        Console.Error.WriteLine($"warm-up: {WarmupSessions} sessions, {warmup.Latencies.Count} changes, p50 {Format(Percentile(warmup.Latencies, 0.5))} ms");

        app.Phase = "single";
        var single = new PhaseResults();
        await RunSessionAsync(WarmupSessions, options.SingleChanges, single, null, null, ct);
        Console.Error.WriteLine($"single session: {single.Latencies.Count} changes, p50 {Format(Percentile(single.Latencies, 0.5))} ms, p95 {Format(Percentile(single.Latencies, 0.95))} ms");

        app.Phase = "idle";
        await Task.Delay(TimeSpan.FromSeconds(3), ct);
        var rssBefore = app.RssBytes();
        var heapBefore = await HeapAsync();
        Dump("before.dmp");

        app.Phase = "load";
        var load = new PhaseResults();
        var serverCpu = app.CpuSeconds();
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        var holdOpen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var changesDone = new List<Task>();
        var sessions = new List<Task>();
        var open = 0;
        for (var i = 0; i < options.Sessions; i++)
        {
            var id = 100 + i;
            var delay = options.Stagger * i / options.Sessions;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            changesDone.Add(done.Task);
            sessions.Add(Task.Run(async () =>
            {
                try
                {
                    await Task.Delay(delay, ct);
                }
                catch (OperationCanceledException)
                {
                    done.TrySetResult();
                    return;
                }
                await RunSessionAsync(id, options.Changes, load, done, holdOpen.Task, ct, () => Interlocked.Increment(ref open));
            }, CancellationToken.None));
        }
        var peak = rssBefore;
        var timedOut = false;
        using (var sampling = new PeriodicTimer(TimeSpan.FromMilliseconds(500)))
        {
            var all = Task.WhenAll(changesDone);
            while (!all.IsCompleted)
            {
                peak = Math.Max(peak, app.RssBytes());
                if (ct.IsCancellationRequested)
                {
                    timedOut = true;
                    break;
                }
                await Task.WhenAny(all, sampling.WaitForNextTickAsync(CancellationToken.None).AsTask());
            }
        }
        // Let the last renders and their OnAfterRender work finish, then measure with every circuit still open.
        await Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None);
        var openAtMeasure = Volatile.Read(ref open);
        var rssWith = app.RssBytes();
        peak = Math.Max(peak, rssWith);
        serverCpu = app.CpuSeconds() - serverCpu;
        clientCpu = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - clientCpu;
        var heapWith = await HeapAsync();
        var rssWithAfterGc = app.RssBytes();
        Dump("with.dmp");
        holdOpen.SetResult();
        await Task.WhenAll(sessions).WaitAsync(TimeSpan.FromSeconds(60), CancellationToken.None);
        app.Phase = "closed";
        await Task.Delay(TimeSpan.FromSeconds(3), CancellationToken.None);
        var rssAfter = app.RssBytes();

        // The server's own figure: "ready in" of each filter change (not of the sessions' opening renders).
        var ready = app.Ready;
        var loadServer = ready.Where(r => r.Phase == "load" && r.From != Views.InitialFrom).Select(r => r.ElapsedMs).ToList();
        var loadServerOpens = ready.Count(r => r.Phase == "load" && r.From == Views.InitialFrom);
        var singleServer = ready.Where(r => r.Phase == "single" && r.From != Views.InitialFrom).Select(r => r.ElapsedMs).ToList();

        Report(load, single, warmup);
        var errors = load.Errors.Count + single.Errors.Count + warmup.Errors.Count + app.ErrorCount + _clientLog.Errors + (timedOut ? 1 : 0);
        var perSession = openAtMeasure == 0 ? 0 : (rssWith - rssBefore) / 1048576.0 / openAtMeasure;
        Console.Error.WriteLine($"server \"ready in\" lines: {loadServer.Count} filter changes and {loadServerOpens} opening renders in the load phase");
        Console.WriteLine($"date: {DateTime.UtcNow:yyyy-MM-dd}");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {MemoryGib():N0} GiB, {RuntimeLabel()}");
        Console.WriteLine($"rows: {options.Rows}");
        Console.WriteLine($"sessions: {options.Sessions}");
        Console.WriteLine($"sessions_open_at_measure: {openAtMeasure}");
        Console.WriteLine($"filter_changes: {load.Latencies.Count}");
        Console.WriteLine($"latency_ms_p50: {Format(Percentile(load.Latencies, 0.5))}");
        Console.WriteLine($"latency_ms_p95: {Format(Percentile(load.Latencies, 0.95))}");
        Console.WriteLine($"latency_ms_max: {Format(load.Latencies.DefaultIfEmpty().Max())}");
        Console.WriteLine($"open_ms_p50: {Format(Percentile(load.Opens, 0.5))}");
        Console.WriteLine($"open_ms_p95: {Format(Percentile(load.Opens, 0.95))}");
        Console.WriteLine($"server_render_ms_p50: {Format(Percentile(loadServer, 0.5))}");
        Console.WriteLine($"server_render_ms_p95: {Format(Percentile(loadServer, 0.95))}");
        Console.WriteLine($"single_session_filter_changes: {single.Latencies.Count}");
        Console.WriteLine($"single_session_latency_ms_p50: {Format(Percentile(single.Latencies, 0.5))}");
        Console.WriteLine($"single_session_latency_ms_p95: {Format(Percentile(single.Latencies, 0.95))}");
        Console.WriteLine($"single_session_server_render_ms_p50: {Format(Percentile(singleServer, 0.5))}");
        Console.WriteLine($"single_session_server_render_ms_p95: {Format(Percentile(singleServer, 0.95))}");
        Console.WriteLine($"render_kb_per_change_p50: {Format(Percentile(load.Bytes.Select(b => b / 1024.0).ToList(), 0.5))}");
        Console.WriteLine($"render_kb_per_open_p50: {Format(Percentile(load.OpenBytes.Select(b => b / 1024.0).ToList(), 0.5))}");
        Console.WriteLine($"chart_json_kb_per_open_p50: {Format(Percentile(load.OpenChartBytes.Select(b => b / 1024.0).ToList(), 0.5))}");
        Console.WriteLine($"server_rss_mb_before: {Format(rssBefore / 1048576.0)}");
        Console.WriteLine($"server_rss_mb_with_sessions: {Format(rssWith / 1048576.0)}");
        Console.WriteLine($"server_rss_mb_peak: {Format(peak / 1048576.0)}");
        Console.WriteLine($"server_rss_mb_after_close: {Format(rssAfter / 1048576.0)}");
        Console.WriteLine($"mb_per_session: {perSession.ToString("0.00", CultureInfo.InvariantCulture)}");
        // The same after the full GC of the managed-heap probe: what the sessions hold, without the garbage of the moment.
        var perSessionAfterGc = openAtMeasure == 0 ? 0 : (rssWithAfterGc - rssBefore) / 1048576.0 / openAtMeasure;
        Console.WriteLine($"server_rss_mb_with_sessions_after_gc: {Format(rssWithAfterGc / 1048576.0)}");
        Console.WriteLine($"mb_per_session_after_gc: {perSessionAfterGc.ToString("0.00", CultureInfo.InvariantCulture)}");
        Console.WriteLine($"managed_heap_mb_before: {Format(heapBefore / 1048576.0 ?? double.NaN)}");
        Console.WriteLine($"managed_heap_mb_with_sessions: {Format(heapWith / 1048576.0 ?? double.NaN)}");
        var heapPerSession = openAtMeasure == 0 ? null : (heapWith - heapBefore) / 1048576.0 / openAtMeasure;
        Console.WriteLine($"managed_mb_per_session: {heapPerSession?.ToString("0.00", CultureInfo.InvariantCulture) ?? "n/a"}");
        Console.WriteLine($"server_gc: {app.GcMode}");
        Console.WriteLine($"server_cpu_s_load: {Format(serverCpu)}");
        Console.WriteLine($"client_cpu_s_load: {Format(clientCpu)}");
        Console.WriteLine($"errors: {errors}");
        var p95 = Percentile(load.Latencies, 0.95);
        Console.WriteLine(options.OpenPath is null
            ? $"targets: latency_ms_p95 <= 500: {(p95 <= 500 ? "met" : "missed")}; mb_per_session <= 1.5: {(perSession <= 1.5 ? "met" : "missed")}"
            : "targets: n/a (--open-path: another page, no filter changes)");
        return errors == 0 && !timedOut ? 0 : 1;
    }

    /// <summary>The server's managed heap after an induced full GC (see <see cref="GcProbe"/>), null when unavailable.</summary>
    private async Task<long?> HeapAsync()
    {
        try
        {
            return await GcProbe.HeapAfterFullGcAsync(app.ProcessId);
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"managed heap not measured: {ex.GetType().Name}: {ex.Message}");
            return null;
        }
    }

    private void Dump(string name)
    {
        if (options.DumpDir is { } folder)
        {
            Directory.CreateDirectory(folder);
            File.Copy($"/proc/{app.ProcessId}/smaps", Path.Combine(folder, Path.ChangeExtension(name, ".smaps")), overwrite: true);
            new Microsoft.Diagnostics.NETCore.Client.DiagnosticsClient(app.ProcessId)
                .WriteDump(Microsoft.Diagnostics.NETCore.Client.DumpType.WithHeap, Path.Combine(folder, name));
        }
    }

    /// <summary>Opens a session, makes its filter changes with think time, and keeps it open until told.</summary>
    private async Task RunSessionAsync(int id, int changes, PhaseResults results, TaskCompletionSource? done, Task? holdOpen,
        CancellationToken ct, Action? opened = null, (int Min, int Max)? think = null)
    {
        var (thinkMin, thinkMax) = think ?? (500, 2000);
        var random = new Random(20261127 + id);
        var session = new CircuitSession(id, app.BaseAddress, _http, _cookies, _clientLog, _ledger, options.Quiet);
        var isOpen = false;
        try
        {
            var current = options.OpenPath ?? Views.Initial;
            results.Open(await session.OpenAsync(current, OpenTimeout, ct));
            isOpen = true;
            opened?.Invoke();
            for (var i = 0; i < (options.OpenPath is null ? changes : 0); i++)
            {
                await Task.Delay(random.Next(thinkMin, thinkMax + 1), ct);
                current = Views.Next(random, _campaigns, current);
                results.Change(await session.ChangeAsync(current, ChangeTimeout, ct));
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            results.Error($"session {id}: stopped by the time limit");
        }
        catch (Exception ex)
        {
            results.Error($"session {id}: {ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            done?.TrySetResult();
            if (holdOpen is not null && isOpen)
            {
                await holdOpen;
            }
            if (session.Failure is { } failure && !results.Errors.Any(e => e.Contains(failure, StringComparison.Ordinal)))
            {
                results.Error($"session {id}: {failure}");
            }
            await session.CloseAsync();
        }
    }

    private void Report(PhaseResults load, PhaseResults single, PhaseResults warmup)
    {
        foreach (var (name, phase) in new[] { ("warm-up", warmup), ("single", single), ("load", load) })
        {
            foreach (var error in phase.Errors.Take(10))
            {
                Console.Error.WriteLine($"{name} error: {error}");
            }
            if (phase.WithoutChart > 0)
            {
                Console.Error.WriteLine($"{name}: {phase.WithoutChart} renders ended without a chart redraw (taken complete after 2 s of silence)");
            }
        }
        foreach (var error in app.Errors)
        {
            Console.Error.WriteLine($"server log: {error}");
        }
        foreach (var (category, count) in app.WarningsByCategory)
        {
            Console.Error.WriteLine($"server log: {count} warnings from {category}");
        }
        Console.Error.WriteLine($"client log: {_clientLog.Errors} errors, {_clientLog.Warnings} warnings");
        Console.Error.WriteLine("JS interop calls answered (identifier: succeeded/failed):");
        foreach (var group in _ledger.Calls.GroupBy(c => c.Identifier))
        {
            Console.Error.WriteLine($"  {group.Key}: {group.Where(c => c.Succeeded).Sum(c => c.Count)}/{group.Where(c => !c.Succeeded).Sum(c => c.Count)}");
        }
    }

    /// <summary>Nearest-rank percentile; NaN when there is no sample.</summary>
    private static double Percentile(List<double> values, double q)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static string Format(double value) => double.IsNaN(value) ? "n/a" : value.ToString("0.0", CultureInfo.InvariantCulture);

    private static double MemoryGib()
    {
        var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return long.Parse(line["MemTotal:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1048576.0;
    }

    private static string RuntimeLabel() => $".NET {Environment.Version}";
}
