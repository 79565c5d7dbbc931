namespace Soundlink.Simulator;

public enum FaultKind
{
    /// <summary>Answer 500 internal_error.</summary>
    ServerError,
    /// <summary>Answer 429 rate_limit_exceeded with Retry-After = Value seconds.</summary>
    RateLimit,
    /// <summary>Export: stop the stream in the middle of a line.</summary>
    CutStream,
    /// <summary>Export: X-Row-Count one more than the lines sent.</summary>
    WrongRowCount,
    /// <summary>Export: wait Value milliseconds before every block of 100 lines.</summary>
    SlowStream,
    /// <summary>Export: the body as one JSON string holding the JSONL text (the documentation's example form).</summary>
    JsonStringBody,
    /// <summary>
    /// Export: well-formed rows that do not belong to the request, counted in X-Row-Count: the campaign named by
    /// Text (or made-up campaigns when Text is null) with 999,999 streams, dates 2001-01-01 and 9999-12-31, and an
    /// exported_at of 2099-01-01.
    /// </summary>
    ForeignRows,
    /// <summary>Export: Value more lines after the real ones (copies of the first row), streamed, counted in X-Row-Count.</summary>
    Oversized,
    /// <summary>Export: headers at once, then one line every Value milliseconds.</summary>
    Trickle,
}

/// <summary>
/// A fault to inject. It fires on the next Times requests whose path and query contain PathContains; with
/// EveryWindowOnce it instead fires on the first request of every distinct path and query (each export window), for
/// as long as it is injected, so a retry of the same window succeeds.
/// </summary>
public sealed record Fault(FaultKind Kind, int Times = 1, string? PathContains = null, int Value = 0, bool EveryWindowOnce = false,
    string? Text = null);

public sealed record RecordedRequest(DateTimeOffset At, string Method, string PathAndQuery, bool HasXApiKey, bool HasAuthorization,
    string? Accept, int Status);

/// <summary>Mutable state of a running simulator: injected faults, per-key request times, the request log.</summary>
public sealed class SimulatorState
{
    private readonly Lock _lock = new();
    private readonly List<(Fault Fault, int Left, HashSet<string> Hit)> _faults = [];
    private readonly Dictionary<string, Queue<DateTimeOffset>> _requestTimes = new(StringComparer.Ordinal);
    private readonly List<RecordedRequest> _requests = [];

    public void Inject(Fault fault)
    {
        lock (_lock)
        {
            _faults.Add((fault, fault.Times, new HashSet<string>(StringComparer.Ordinal)));
        }
    }

    public void ClearFaults()
    {
        lock (_lock)
        {
            _faults.Clear();
        }
    }

    /// <summary>Takes one use of the first pending fault of these kinds that applies to the path.</summary>
    internal Fault? Take(string path, params FaultKind[] kinds)
    {
        lock (_lock)
        {
            for (var i = 0; i < _faults.Count; i++)
            {
                var (fault, left, hit) = _faults[i];
                if (kinds.Contains(fault.Kind) && (fault.PathContains is null || path.Contains(fault.PathContains, StringComparison.Ordinal)))
                {
                    if (fault.EveryWindowOnce)
                    {
                        if (!hit.Add(path))
                        {
                            continue;
                        }
                    }
                    else if (left <= 1)
                    {
                        _faults.RemoveAt(i);
                    }
                    else
                    {
                        _faults[i] = (fault, left - 1, hit);
                    }
                    return fault;
                }
            }
            return null;
        }
    }

    /// <summary>Counts a request against the key's per-minute and per-hour limits; returns seconds to wait when over.</summary>
    internal int? CountRequest(string key, DateTimeOffset now, int perMinute, int perHour)
    {
        lock (_lock)
        {
            if (!_requestTimes.TryGetValue(key, out var times))
            {
                _requestTimes[key] = times = new Queue<DateTimeOffset>();
            }
            while (times.Count > 0 && now - times.Peek() >= TimeSpan.FromHours(1))
            {
                times.Dequeue();
            }
            var lastMinute = times.Where(t => now - t < TimeSpan.FromMinutes(1)).ToList();
            if (lastMinute.Count >= perMinute)
            {
                return Math.Max(1, (int)Math.Ceiling((lastMinute[^perMinute] + TimeSpan.FromMinutes(1) - now).TotalSeconds));
            }
            if (times.Count >= perHour)
            {
                return Math.Max(1, (int)Math.Ceiling((times.ElementAt(times.Count - perHour) + TimeSpan.FromHours(1) - now).TotalSeconds));
            }
            times.Enqueue(now);
            return null;
        }
    }

    internal void Record(RecordedRequest request)
    {
        lock (_lock)
        {
            _requests.Add(request);
        }
    }

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return _requests.ToList();
            }
        }
    }
}
