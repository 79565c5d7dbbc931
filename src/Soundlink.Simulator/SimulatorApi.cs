using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Soundlink.Simulator;

/// <summary>The fake Soundlink Public API: the paths, envelopes, headers, limits and error codes of soundlink-api.md.</summary>
public static class SimulatorApi
{
    public const int MaxExportDays = 90;
    private const string RequestIdItem = "sim.requestId";

    public static IEndpointRouteBuilder MapSimulator(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/ping", (HttpContext http, Simulator sim) =>
            sim.Authorize(http, null, out _) ?? Ok(http, new { status = "ok" }));

        app.MapGet("/v1/campaigns", (HttpContext http, Simulator sim) =>
        {
            if (sim.Authorize(http, "campaigns:read", out var organization) is { } denied)
            {
                return denied;
            }
            var query = http.Request.Query;
            if (!TryInt(query["page"], 1, out var page) || page < 1 || !TryInt(query["pageSize"], 10, out var pageSize) || pageSize < 1)
            {
                return Error(http, 400, "invalid_query_parameter", "page and pageSize must be positive integers.");
            }
            if (pageSize > 100)
            {
                return Error(http, 400, "page_size_exceeded", "pageSize must be at most 100.");
            }
            var sortBy = query["sortBy"].FirstOrDefault() ?? "createdAt";
            var sortOrder = query["sortOrder"].FirstOrDefault() ?? "desc";
            if (sortBy is not ("createdAt" or "updatedAt") || sortOrder is not ("asc" or "desc"))
            {
                return Error(http, 400, "invalid_query_parameter", "sortBy must be createdAt or updatedAt and sortOrder asc or desc.");
            }
            var campaigns = sim.Catalogue.CampaignsOf(organization!.Id);
            var ordered = sortOrder == "asc" ? campaigns.OrderBy(c => c.CreatedAt) : campaigns.OrderByDescending(c => c.CreatedAt);
            var items = ordered.Skip((page - 1) * pageSize).Take(pageSize).Select(c => sim.Summary(c)).ToList();
            var totalPages = (int)Math.Ceiling(campaigns.Count / (double)pageSize);
            return Ok(http, new
            {
                items,
                pagination = new { page, pageSize, totalCount = campaigns.Count, totalPages },
            });
        });

        app.MapGet("/v1/campaigns/{campaignId}", (HttpContext http, Simulator sim, string campaignId) =>
        {
            if (sim.Authorize(http, "campaigns:read", out var organization) is { } denied)
            {
                return denied;
            }
            return sim.FindCampaign(organization!, campaignId) is { } campaign
                ? Ok(http, sim.Summary(campaign))
                : Error(http, 404, "campaign_not_found", $"Campaign {campaignId} was not found.");
        });

        app.MapGet("/v1/campaigns/{campaignId}/metrics/breakdown/export", async (HttpContext http, Simulator sim, string campaignId) =>
        {
            if (sim.Authorize(http, "metrics:read", out var organization) is { } denied)
            {
                await denied.ExecuteAsync(http);
                return;
            }
            if (sim.FindCampaign(organization!, campaignId) is not { } campaign)
            {
                await Error(http, 404, "campaign_not_found", $"Campaign {campaignId} was not found.").ExecuteAsync(http);
                return;
            }
            var now = sim.Time.GetUtcNow();
            if (Window(http, campaign.Start, DateOnly.FromDateTime(now.UtcDateTime), out var from, out var to) is { } bad)
            {
                await bad.ExecuteAsync(http);
                return;
            }
            await sim.WriteExportAsync(http, campaign, from, to, now);
        });

        app.MapGet("/v1/campaigns/{campaignId}/metrics/overview", (HttpContext http, Simulator sim, string campaignId) =>
        {
            if (sim.Authorize(http, "metrics:read", out var organization) is { } denied)
            {
                return denied;
            }
            if (sim.FindCampaign(organization!, campaignId) is not { } campaign)
            {
                return Error(http, 404, "campaign_not_found", $"Campaign {campaignId} was not found.");
            }
            var now = sim.Time.GetUtcNow();
            if (Window(http, campaign.Start, DateOnly.FromDateTime(now.UtcDateTime), out var from, out var to, limitDays: false) is { } bad)
            {
                return bad;
            }
            return Ok(http, sim.Overview(campaign, from, to, now));
        });

        app.Map("/v1/{**rest}", (HttpContext http) => Error(http, 404, "not_found", "No such endpoint."));
        return app;
    }

    /// <summary>Fault injection and the request log, for tests and demos (only when enabled).</summary>
    public static IEndpointRouteBuilder MapSimulatorControl(this IEndpointRouteBuilder app)
    {
        app.MapPost("/_sim/faults", (Fault fault, Simulator sim) =>
        {
            sim.State.Inject(fault);
            return Results.NoContent();
        });
        app.MapDelete("/_sim/faults", (Simulator sim) =>
        {
            sim.State.ClearFaults();
            return Results.NoContent();
        });
        app.MapGet("/_sim/requests", (Simulator sim) => Results.Json(sim.State.Requests));
        return app;
    }

    internal static string RequestId(HttpContext http)
    {
        if (http.Items[RequestIdItem] is not string id)
        {
            id = Guid.NewGuid().ToString();
            http.Items[RequestIdItem] = id;
            http.Response.Headers["X-Request-Id"] = id;
        }
        return id;
    }

    internal static IResult Ok(HttpContext http, object data) =>
        Results.Json(new { data, meta = new { requestId = RequestId(http) } });

    internal static IResult Error(HttpContext http, int status, string code, string message) =>
        Results.Json(new { error = new { code, message }, meta = new { requestId = RequestId(http) } }, statusCode: status);

    private static IResult? Window(HttpContext http, DateOnly defaultStart, DateOnly defaultEnd, out DateOnly from, out DateOnly to,
        bool limitDays = true)
    {
        from = defaultStart;
        to = defaultEnd;
        var query = http.Request.Query;
        if ((query["startDate"].FirstOrDefault() is { } start && !TryDate(start, out from)) ||
            (query["endDate"].FirstOrDefault() is { } end && !TryDate(end, out to)))
        {
            return Error(http, 400, "invalid_query_parameter", "startDate and endDate must be dates as YYYY-MM-DD.");
        }
        if (to < from)
        {
            return Error(http, 400, "invalid_date_range", "endDate is before startDate.");
        }
        if (limitDays && to.DayNumber - from.DayNumber + 1 > MaxExportDays)
        {
            return Error(http, 400, "invalid_query_parameter", $"The export window is at most {MaxExportDays} days.");
        }
        return null;
    }

    private static bool TryDate(string value, out DateOnly date) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static bool TryInt(Microsoft.Extensions.Primitives.StringValues value, int fallback, out int result)
    {
        if (value.Count == 0)
        {
            result = fallback;
            return true;
        }
        return int.TryParse(value[0], NumberStyles.None, CultureInfo.InvariantCulture, out result);
    }
}

/// <summary>The simulator's services: options, clock, catalogue, rows and state.</summary>
public sealed class Simulator(SimulatorOptions options, TimeProvider time, SimulatorState state)
{
    /// <summary>A slow stream pauses for the fault's Value in milliseconds before each block of this many lines.</summary>
    public const int SlowStreamLinesPerPause = 100;

    public SimulatorOptions Options { get; } = options;
    public TimeProvider Time { get; } = time;
    public SimulatorState State { get; } = state;
    public Catalogue Catalogue { get; } = new(options, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
    public RowGenerator Rows { get; } = new(options.Seed);

    internal IResult? Authorize(HttpContext http, string? scope, out SimulatedOrganization? organization)
    {
        organization = null;
        var headers = http.Request.Headers;
        var apiKey = headers["x-api-key"].FirstOrDefault();
        var authorization = headers.Authorization.FirstOrDefault();
        // Faults match on the path and query, so a test can aim at one export window.
        var path = http.Request.Path + http.Request.QueryString;
        if (apiKey is not null && authorization is not null)
        {
            return SimulatorApi.Error(http, 401, "mixed_credentials", "Send either x-api-key or Authorization, not both.");
        }
        var secret = apiKey ?? (authorization?.StartsWith("Bearer ", StringComparison.Ordinal) == true ? authorization[7..].Trim() : null);
        var match = Options.Organizations.SelectMany(o => o.Keys.Select(k => (Organization: o, Key: k)))
            .FirstOrDefault(p => secret is not null && p.Key.Secret == secret);
        if (match.Key is null)
        {
            return SimulatorApi.Error(http, 401, "invalid_api_key", "The API key is missing or not valid.");
        }
        if (match.Key.Revoked)
        {
            return SimulatorApi.Error(http, 401, "api_key_revoked", "This API key was revoked.");
        }
        var now = Time.GetUtcNow();
        if (match.Key.ExpiresAt <= now)
        {
            return SimulatorApi.Error(http, 401, "api_key_expired", "This API key has expired.");
        }
        if (scope is not null && !match.Key.Scopes.Contains(scope))
        {
            return SimulatorApi.Error(http, 403, "insufficient_scope", $"This API key lacks the {scope} scope.");
        }
        if (State.Take(path, FaultKind.RateLimit) is { } limited)
        {
            http.Response.Headers.RetryAfter = Math.Max(1, limited.Value).ToString(CultureInfo.InvariantCulture);
            return SimulatorApi.Error(http, 429, "rate_limit_exceeded", "Too many requests for this API key.");
        }
        if (State.CountRequest(match.Key.Secret, now, Options.RequestsPerMinute, Options.RequestsPerHour) is { } wait)
        {
            http.Response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
            return SimulatorApi.Error(http, 429, "rate_limit_exceeded", "Too many requests for this API key.");
        }
        if (State.Take(path, FaultKind.ServerError) is not null)
        {
            return SimulatorApi.Error(http, 500, "internal_error", "Something went wrong on our side.");
        }
        organization = match.Organization;
        return null;
    }

    internal SimulatedCampaign? FindCampaign(SimulatedOrganization organization, string campaignId) =>
        Catalogue.Find(campaignId) is { } campaign && campaign.OrganizationId == organization.Id ? campaign : null;

    internal object Summary(SimulatedCampaign c)
    {
        var today = DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime);
        var updated = today < c.LastDay ? Time.GetUtcNow() : new DateTimeOffset(c.LastDay.ToDateTime(new TimeOnly(23, 0)), TimeSpan.Zero);
        return new Dictionary<string, object?>
        {
            ["campaignId"] = c.Id,
            ["organizationId"] = c.OrganizationId,
            ["status"] = c.StatusOn(today),
            ["socialPlatform"] = "meta",
            ["dailyBudget"] = c.DailyBudget,
            ["totalBudget"] = c.TotalBudget,
            ["campaignDuration"] = c.DurationDays,
            ["createdAt"] = c.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["updatedAt"] = updated.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["trackId"] = c.SpotifyTrackId,
            ["trackName"] = c.TrackName,
            ["playlistId"] = c.PlaylistId,
            ["artistName"] = c.ArtistName,
            ["campaignUrl"] = $"https://app.getsoundlink.com/campaigns/{c.Id}",
        };
    }

    internal async Task WriteExportAsync(HttpContext http, SimulatedCampaign campaign, DateOnly from, DateOnly to, DateTimeOffset now)
    {
        var path = http.Request.Path + http.Request.QueryString;
        var rows = Rows.Rows(campaign, from, to, now).ToList();
        if (State.Take(path, FaultKind.ForeignRows) is { } foreign && rows.Count > 0)
        {
            rows.AddRange(ForeignRows(rows[0], foreign.Text));
        }
        var oversized = State.Take(path, FaultKind.Oversized) is { } extra && rows.Count > 0 ? extra.Value : 0;
        var body = new MemoryStream();
        using (var json = new Utf8JsonWriter(body))
        {
            foreach (var row in rows)
            {
                RowGenerator.Write(json, row);
                json.Flush();
                json.Reset();
                body.WriteByte((byte)'\n');
            }
        }
        var bytes = body.ToArray();
        var response = http.Response;
        SimulatorApi.RequestId(http);
        response.Headers["X-Row-Count"] = (rows.Count + oversized + (State.Take(path, FaultKind.WrongRowCount) is null ? 0 : 1))
            .ToString(CultureInfo.InvariantCulture);
        response.Headers.ContentDisposition = $"attachment; filename=\"breakdown_{campaign.Id}_{from:yyyy-MM-dd}_{to:yyyy-MM-dd}.jsonl\"";
        if (State.Take(path, FaultKind.JsonStringBody) is not null)
        {
            response.ContentType = "application/json";
            await response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(Encoding.UTF8.GetString(bytes)));
            return;
        }
        response.ContentType = "application/x-ndjson";
        if (State.Take(path, FaultKind.CutStream) is not null)
        {
            // Half the body, ending inside a line, then the connection drops.
            var cut = bytes.Length / 2;
            while (cut > 0 && bytes[cut - 1] == (byte)'\n')
            {
                cut--;
            }
            await response.Body.WriteAsync(bytes.AsMemory(0, cut));
            await response.Body.FlushAsync();
            // Let the partial body reach the client before the connection drops.
            await Task.Delay(100);
            http.Abort();
            return;
        }
        if (oversized > 0)
        {
            await response.Body.WriteAsync(bytes, http.RequestAborted);
            var first = bytes.AsMemory(0, Array.IndexOf(bytes, (byte)'\n') + 1);
            for (var i = 0; i < oversized; i++)
            {
                await response.Body.WriteAsync(first, http.RequestAborted);
            }
            return;
        }
        if (State.Take(path, FaultKind.Trickle) is { } trickle)
        {
            await response.Body.FlushAsync(http.RequestAborted);
            var start = 0;
            for (var i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] == (byte)'\n')
                {
                    await Task.Delay(Math.Max(1, trickle.Value), http.RequestAborted);
                    await response.Body.WriteAsync(bytes.AsMemory(start, i + 1 - start), http.RequestAborted);
                    await response.Body.FlushAsync(http.RequestAborted);
                    start = i + 1;
                }
            }
            return;
        }
        if (State.Take(path, FaultKind.SlowStream) is { } slow)
        {
            var start = 0;
            var lines = 0;
            for (var i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] == (byte)'\n' && (++lines % SlowStreamLinesPerPause == 0 || i == bytes.Length - 1))
                {
                    await Task.Delay(Math.Max(1, slow.Value), http.RequestAborted);
                    await response.Body.WriteAsync(bytes.AsMemory(start, i + 1 - start), http.RequestAborted);
                    await response.Body.FlushAsync(http.RequestAborted);
                    start = i + 1;
                }
            }
            return;
        }
        await response.Body.WriteAsync(bytes);
    }

    /// <summary>Well-formed rows an honest export of this window would never carry.</summary>
    private IEnumerable<SimulatedRow> ForeignRows(SimulatedRow sample, string? otherCampaignId)
    {
        var other = otherCampaignId is not null && Catalogue.Find(otherCampaignId) is { } found ? found : null;
        var ghosts = other is null
            ? Enumerable.Range(1, 3).Select(i => sample.Campaign with { Id = $"{sample.Campaign.Id}-ghost-{i}" }).ToList()
            : [other];
        foreach (var campaign in ghosts)
        {
            yield return sample with { Campaign = campaign, Streams = 999_999, ExportedAt = new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero) };
        }
        yield return sample with { Date = new DateOnly(2001, 1, 1) };
        yield return sample with { Date = new DateOnly(9999, 12, 31) };
        yield return sample with { Streams = 999_999, ExportedAt = new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero) };
    }

    internal Dictionary<string, object?> Overview(SimulatedCampaign campaign, DateOnly from, DateOnly to, DateTimeOffset now)
    {
        var rows = Rows.Rows(campaign, from, to, now).ToList();
        var listenerDays = rows.Sum(r => r.Listeners);
        // Unique listeners over a window are fewer than listener-days: people come back on several days.
        var listeners = (long)Math.Round(listenerDays * (rows.Select(r => r.Date).Distinct().Count() > 1 ? 0.72 : 1.0));
        var media = rows.Sum(r => r.SpendMedia);
        var followers = rows.Sum(r => r.Followers);
        var streams = rows.Sum(r => r.Streams);
        return new Dictionary<string, object?>
        {
            ["campaign_id"] = campaign.Id,
            ["start_date"] = from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["end_date"] = to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["impressions"] = rows.Where(r => r.Impressions is not null).Sum(r => r.Impressions),
            ["ad_clicks"] = rows.Where(r => r.AdClicks is not null).Sum(r => r.AdClicks),
            ["link_clicks"] = rows.Where(r => r.LinkClicks is not null).Sum(r => r.LinkClicks),
            ["streams"] = streams,
            ["listeners"] = listeners,
            ["followers"] = followers,
            ["streams_per_listener"] = listeners == 0 ? 0 : Math.Round((double)streams / listeners, 2),
            ["spend_media"] = media,
            ["spend_total"] = rows.Sum(r => r.SpendTotal),
            ["fees"] = rows.Sum(r => r.Fees),
            ["currency"] = "USD",
            ["cpl"] = listeners == 0 ? 0 : Math.Round((double)media / listeners, 3),
            ["cpf"] = followers == 0 ? 0 : Math.Round((double)media / followers, 3),
        };
    }
}
