using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json;
using SoundlinkDashboard.Benchmarks;

namespace SoundlinkDashboard.LoadTest;

/// <summary>One "ready in" line of the dashboard's Debug log, tagged with the phase of the run it arrived in.</summary>
internal sealed record ReadyEntry(string Phase, DateOnly? From, DateOnly? To, double ElapsedMs);

/// <summary>
/// The app as the load test runs it: a copy of its Release build in a temporary folder, a store of generated rows
/// imported through its own CLI, then the web app as a child process on a free loopback port with Production
/// settings. Its console log (JSON, one object per line) is kept in the folder and read as it comes.
/// </summary>
internal sealed partial class AppUnderTest(string appDll, string webRoot, string work, bool workstationGc,
    IReadOnlyDictionary<string, string> extraEnvironment) : IAsyncDisposable
{
    public const string Team = "load";
    public const string Email = "load@example.com";
    public const string Password = "load-test-password-1";
    private const string DashboardCategory = "SoundlinkDashboard.Components.Pages.Dashboard.Dashboard";

    private readonly string _appDir = Path.Combine(work, "app");
    private readonly string _dataDir = Path.Combine(work, "data");
    private readonly Lock _gate = new();
    private readonly List<ReadyEntry> _ready = [];
    private readonly List<string> _errors = [];
    private readonly Dictionary<string, int> _warnings = new(StringComparer.Ordinal);
    private Process? _process;
    private StreamWriter? _logFile;
    private int _errorCount;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public int ProcessId => _process?.Id ?? 0;

    /// <summary>The phase the run is in; log lines are tagged with it.</summary>
    public string Phase { get; set; } = "setup";

    public string LogPath => Path.Combine(work, "app.log");

    /// <summary>Error and Critical lines of the server log.</summary>
    public int ErrorCount => Volatile.Read(ref _errorCount);

    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_gate)
            {
                return _errors.ToList();
            }
        }
    }

    public IReadOnlyDictionary<string, int> WarningsByCategory
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, int>(_warnings);
            }
        }
    }

    public IReadOnlyList<ReadyEntry> Ready
    {
        get
        {
            lock (_gate)
            {
                return _ready.ToList();
            }
        }
    }

    /// <summary>"server" or "workstation", from the app's runtimeconfig.json and DOTNET_gcServer.</summary>
    public string GcMode
    {
        get
        {
            if (workstationGc)
            {
                return "workstation (DOTNET_gcServer=0 for this run)";
            }
            var config = Path.Combine(_appDir, Path.ChangeExtension(Path.GetFileName(appDll), ".runtimeconfig.json"));
            using var json = JsonDocument.Parse(File.ReadAllText(config));
            var server = json.RootElement.GetProperty("runtimeOptions").TryGetProperty("configProperties", out var properties)
                && properties.TryGetProperty("System.GC.Server", out var value) && value.GetBoolean();
            return server ? "server (the app's default)" : "workstation (the app's default)";
        }
    }

    /// <summary>Copies the build, generates the rows, imports them with the app's CLI (team, owner, import).</summary>
    public async Task PrepareAsync(int rows, CancellationToken cancellationToken)
    {
        CopyDirectory(Path.GetDirectoryName(appDll)!, _appDir);
        // A build's output serves its static files from the repository (a published one has its own wwwroot):
        // the app reads the map's data from its web root, so the copy gets the repository's.
        if (!Directory.Exists(Path.Combine(_appDir, "wwwroot")))
        {
            CopyDirectory(webRoot, Path.Combine(_appDir, "wwwroot"));
        }
        Directory.CreateDirectory(_dataDir);

        var file = Path.Combine(work, "export.jsonl");
        var clock = Stopwatch.StartNew();
        var generated = await Task.Run(() => ExportGenerator.Write(file, rows), cancellationToken);
        Console.Error.WriteLine($"generated {generated:N0} rows ({new FileInfo(file).Length / 1048576.0:N0} MiB, 2025-01-01..2025-12-31) in {clock.Elapsed.TotalSeconds:N1} s");

        await CliAsync(["teams", "add", Team, "--name", "Load test"], TimeSpan.FromMinutes(2), cancellationToken);
        await CliAsync(["users", "add", "--email", Email, "--password", Password, "--team", Team, "--role", "owner"], TimeSpan.FromMinutes(2), cancellationToken);
        clock.Restart();
        var imported = await CliAsync(["import", file, "--team", Team, "--json"], TimeSpan.FromMinutes(20), cancellationToken);
        Console.Error.WriteLine($"imported in {clock.Elapsed.TotalSeconds:N1} s: {imported.Trim()}");
        File.Delete(file);
    }

    /// <summary>Starts the web app on a free loopback port and waits for /healthz.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        var start = NewStartInfo([]);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseAddress.ToString().TrimEnd('/'));
        start.Environment["Demo__Enabled"] = "false";
        start.Environment["Sync__SchedulerEnabled"] = "false";
        start.Environment["RateLimits__LoginPerMinute"] = "100000";
        start.Environment[$"Logging__LogLevel__{DashboardCategory}"] = "Debug";
        if (workstationGc)
        {
            start.Environment["DOTNET_gcServer"] = "0";
        }
        foreach (var (name, value) in extraEnvironment)
        {
            start.Environment[name] = value;
        }
        _logFile = new StreamWriter(LogPath) { AutoFlush = false };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => OnLogLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLogLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the app stopped with exit code {process.ExitCode} before /healthz answered; see {LogPath}");
            }
            try
            {
                using var response = await http.GetAsync("healthz", cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    Console.Error.WriteLine($"app (pid {process.Id}) healthy at {BaseAddress} after {deadline.Elapsed.TotalSeconds:N1} s");
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
            }
            await Task.Delay(250, cancellationToken);
        }
        throw new TimeoutException($"/healthz did not answer 200 within 90 s; see {LogPath}");
    }

    /// <summary>The server process's resident set (VmRSS), in bytes.</summary>
    public long RssBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{ProcessId}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kb = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                return kb * 1024;
            }
        }
        throw new InvalidOperationException("no VmRSS line");
    }

    /// <summary>User + system CPU time of the server process so far (from /proc/PID/stat), in seconds.</summary>
    public double CpuSeconds()
    {
        var stat = File.ReadAllText($"/proc/{ProcessId}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After "pid (comm) ": state is field 3, utime 14 and stime 15 (1-based), i.e. indexes 11 and 12 here.
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks / 100.0;
    }

    /// <summary>SIGTERM (a graceful shutdown), then a kill after 20 s.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                _ = Kill(process.Id, 15);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                try
                {
                    await process.WaitForExitAsync(wait.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }
            process.Dispose();
            _process = null;
        }
        lock (_gate)
        {
            _logFile?.Dispose();
            _logFile = null;
        }
    }

    private void OnLogLine(string? line)
    {
        if (line is null)
        {
            return;
        }
        var phase = Phase;
        lock (_gate)
        {
            _logFile?.WriteLine(line);
        }
        if (!line.StartsWith('{'))
        {
            return;
        }
        try
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            var level = root.TryGetProperty("LogLevel", out var l) ? l.GetString() : null;
            var category = root.TryGetProperty("Category", out var c) ? c.GetString() ?? "" : "";
            if (category == DashboardCategory && root.TryGetProperty("State", out var state) && state.TryGetProperty("ElapsedMs", out var elapsed))
            {
                var ms = elapsed.ValueKind == JsonValueKind.Number
                    ? elapsed.GetDouble()
                    : double.Parse(elapsed.GetString()!, CultureInfo.InvariantCulture);
                lock (_gate)
                {
                    _ready.Add(new ReadyEntry(phase, Date(state, "From"), Date(state, "To"), ms));
                }
            }
            if (level is "Error" or "Critical")
            {
                Interlocked.Increment(ref _errorCount);
                var message = root.TryGetProperty("Message", out var m) ? m.GetString() : "";
                var exception = root.TryGetProperty("Exception", out var e) ? e.GetString() : null;
                lock (_gate)
                {
                    if (_errors.Count < 10)
                    {
                        _errors.Add($"{level} {category}: {message}{(exception is null ? "" : $" | {exception.Split('\n')[0]}")}");
                    }
                }
            }
            else if (level == "Warning")
            {
                lock (_gate)
                {
                    _warnings[category] = _warnings.GetValueOrDefault(category) + 1;
                }
            }
        }
        catch (JsonException)
        {
        }
    }

    private static DateOnly? Date(JsonElement state, string name) =>
        state.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            && DateOnly.TryParse(value.GetString(), CultureInfo.InvariantCulture, out var date)
            ? date
            : null;

    private async Task<string> CliAsync(string[] args, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var process = new Process { StartInfo = NewStartInfo(args) };
        process.Start();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        var output = await stdout;
        if (process.ExitCode != 0)
        {
            var errors = await stderr;
            throw new InvalidOperationException($"`{string.Join(' ', args)}` exited {process.ExitCode}: {output} {errors[..Math.Min(errors.Length, 2000)]}");
        }
        return output;
    }

    private ProcessStartInfo NewStartInfo(string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _appDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(_appDir, Path.GetFileName(appDll)));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var name in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_URLS", "DOTNET_gcServer" })
        {
            start.Environment.Remove(name);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__Default"] = $"Data Source={Path.Combine(_dataDir, "app.db")}";
        start.Environment["DataProtection__KeysPath"] = Path.Combine(_dataDir, "keys");
        return start;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var directory in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
        }
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)), overwrite: true);
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
