using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Soundlink.Client.Export;
using Soundlink.Client.Validation;

namespace Soundlink.Client.Api;

/// <summary>
/// Typed client of the Soundlink Public API (see shared/soundlink-api.md). Retries, timeouts and the per-key
/// rate limit live in the HttpClient's handlers (<see cref="SoundlinkClientExtensions.AddSoundlinkClient"/>);
/// export bodies are read under <see cref="SoundlinkClientOptions.ExportLimits"/>.
/// </summary>
public sealed class SoundlinkClient(HttpClient http, SoundlinkClientOptions options)
{
    public const int MaxExportDays = 90;
    public const int CampaignPageSize = 100;

    public async Task PingAsync(SoundlinkConnection connection, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(connection, "v1/ping", "application/json", cancellationToken);
        await ThrowIfErrorAsync(response, cancellationToken);
    }

    public async Task<CampaignPage> ListCampaignsAsync(SoundlinkConnection connection, int page = 1, int pageSize = CampaignPageSize,
        CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(connection,
            $"v1/campaigns?page={page}&pageSize={pageSize}&sortBy=createdAt&sortOrder=desc", "application/json", cancellationToken);
        var data = await DataAsync(response, cancellationToken);
        // An item whose id is unusable is left out (it can be neither registered nor shown); unsafe texts are dropped.
        var items = (data.GetProperty("items").Deserialize<List<CampaignSummary>>() ?? []).Select(i => i.Validated()).OfType<CampaignSummary>().ToList();
        var pagination = data.GetProperty("pagination");
        return new CampaignPage(items, pagination.GetProperty("page").GetInt32(), pagination.GetProperty("pageSize").GetInt32(),
            pagination.GetProperty("totalCount").GetInt32(), pagination.GetProperty("totalPages").GetInt32());
    }

    /// <summary>Every campaign of the key's organisation, walking the pages until page >= totalPages.</summary>
    public async IAsyncEnumerable<CampaignSummary> AllCampaignsAsync(SoundlinkConnection connection,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var page = 1; ; page++)
        {
            var result = await ListCampaignsAsync(connection, page, CampaignPageSize, cancellationToken);
            foreach (var item in result.Items)
            {
                yield return item;
            }
            if (page >= result.TotalPages || result.Items.Count == 0)
            {
                yield break;
            }
        }
    }

    public async Task<CampaignSummary> GetCampaignAsync(SoundlinkConnection connection, string campaignId,
        CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(connection, $"v1/campaigns/{Uri.EscapeDataString(campaignId)}", "application/json", cancellationToken);
        var summary = (await DataAsync(response, cancellationToken)).Deserialize<CampaignSummary>()?.Validated();
        return summary is not null && summary.CampaignId == campaignId ? summary
            : throw new SoundlinkApiException(0, "invalid_answer", "Soundlink's answer did not name the campaign asked for.", RequestIdOf(response));
    }

    /// <summary>
    /// Streams one export window (inclusive dates, at most 90 days) into <paramref name="onLine"/>, line by line.
    /// Throws when the stream breaks, stalls, outgrows the limits or its line count differs from X-Row-Count: the
    /// caller must then drop everything this window delivered.
    /// </summary>
    public async Task<ExportSlice> ExportAsync(SoundlinkConnection connection, string campaignId, DateOnly from, DateOnly to,
        Func<RowReadResult, ValueTask> onLine, CancellationToken cancellationToken = default)
    {
        using var response = await OpenExportAsync(connection, campaignId, from, to, cancellationToken);
        var expected = ExpectedLines(response, out var requestId);
        long lines = 0;
        await ReadBodyAsync(response, requestId, async body =>
        {
            await foreach (var line in SoundlinkExportReader.ReadAsync(body, cancellationToken))
            {
                CheckLineLimit(++lines, requestId);
                await onLine(line);
            }
        }, cancellationToken);
        var slice = new ExportSlice(expected, requestId);
        slice.CheckLineCount(lines);
        return slice;
    }

    /// <summary>
    /// Copies one export window's body, as sent, into <paramref name="destination"/> under the same limits, so the
    /// caller can check and commit it without holding it in memory. The line count is checked when it is read
    /// (<see cref="ExportSlice.CheckLineCount"/>).
    /// </summary>
    public async Task<ExportSlice> DownloadExportAsync(SoundlinkConnection connection, string campaignId, DateOnly from, DateOnly to,
        Stream destination, CancellationToken cancellationToken = default)
    {
        using var response = await OpenExportAsync(connection, campaignId, from, to, cancellationToken);
        var expected = ExpectedLines(response, out var requestId);
        await ReadBodyAsync(response, requestId, body => body.CopyToAsync(destination, 64 * 1024, cancellationToken), cancellationToken);
        return new ExportSlice(expected, requestId);
    }

    /// <summary>The most lines one export may carry, as configured.</summary>
    public long MaxExportLines => options.ExportMaxLines;

    private async Task<HttpResponseMessage> OpenExportAsync(SoundlinkConnection connection, string campaignId, DateOnly from, DateOnly to,
        CancellationToken cancellationToken)
    {
        if (to < from || to.DayNumber - from.DayNumber + 1 > MaxExportDays)
        {
            throw new ArgumentOutOfRangeException(nameof(to), $"An export window is 1 to {MaxExportDays} days.");
        }
        var path = string.Create(CultureInfo.InvariantCulture,
            $"v1/campaigns/{Uri.EscapeDataString(campaignId)}/metrics/breakdown/export?startDate={from:yyyy-MM-dd}&endDate={to:yyyy-MM-dd}");
        var response = await SendAsync(connection, path, "application/x-ndjson", cancellationToken);
        try
        {
            await ThrowIfErrorAsync(response, cancellationToken);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private long ExpectedLines(HttpResponseMessage response, out string? requestId)
    {
        requestId = RequestIdOf(response);
        if (!response.Headers.TryGetValues("X-Row-Count", out var counts) ||
            !long.TryParse(counts.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var expected))
        {
            throw new SoundlinkApiException((int)response.StatusCode, "missing_row_count",
                "The export answer has no valid X-Row-Count header, so its completeness cannot be checked.", requestId);
        }
        CheckLineLimit(expected, requestId);
        return expected;
    }

    private void CheckLineLimit(long lines, string? requestId)
    {
        if (lines > options.ExportMaxLines)
        {
            throw new SoundlinkApiException(0, "export_too_large",
                $"The export carries more than {options.ExportMaxLines:N0} lines, the most one slice may carry (Soundlink:Client:ExportMaxLines).", requestId);
        }
    }

    private async Task ReadBodyAsync(HttpResponseMessage response, string? requestId, Func<Stream, Task> read, CancellationToken cancellationToken)
    {
        var bytes = 0L;
        try
        {
            await using var body = new BoundedReadStream(await response.Content.ReadAsStreamAsync(cancellationToken), options.ExportLimits,
                requestId, TimeProvider.System);
            try
            {
                await read(body);
            }
            finally
            {
                bytes = body.BytesRead;
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            throw new SoundlinkApiException(0, "stream_broken", $"The export stream broke off after {bytes:N0} bytes.", requestId);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(SoundlinkConnection connection, string relativePath, string accept,
        CancellationToken cancellationToken)
    {
        var baseUrl = connection.BaseUrl.AbsoluteUri.EndsWith('/') ? connection.BaseUrl : new Uri(connection.BaseUrl.AbsoluteUri + "/");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl, relativePath));
        if (connection.HeaderStyle == AuthHeaderStyle.Bearer)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", connection.Secret);
        }
        else
        {
            request.Headers.TryAddWithoutValidation("x-api-key", connection.Secret);
        }
        request.Headers.Accept.ParseAdd(accept);
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        // Short fixed reasons: the transport's own text (resolver answers, socket errors) is not shown to anyone.
        catch (HttpRequestException)
        {
            throw new SoundlinkApiException(0, "unreachable", "could not connect", null);
        }
        catch (Exception ex) when (ex is TaskCanceledException or TimeoutException or Polly.Timeout.TimeoutRejectedException &&
                                   !cancellationToken.IsCancellationRequested)
        {
            throw new SoundlinkApiException(0, "timeout", "timed out", null);
        }
    }

    private static async Task<JsonElement> DataAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await ThrowIfErrorAsync(response, cancellationToken);
        using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), default, cancellationToken);
        return document.RootElement.GetProperty("data").Clone();
    }

    private static async Task ThrowIfErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        var status = (int)response.StatusCode;
        var requestId = RequestIdOf(response);
        var code = $"http_{status}";
        // Not the reason phrase: whatever answered chose it, and only Soundlink's envelope is shown as sent.
        var message = $"HTTP {status}";
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            using var document = JsonDocument.Parse(text.Length > 65536 ? text[..65536] : text);
            if (document.RootElement.TryGetProperty("error", out var error))
            {
                code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String && IsErrorCode(c.GetString()!) ? c.GetString()! : code;
                message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : message;
            }
            if (document.RootElement.TryGetProperty("meta", out var meta) && meta.TryGetProperty("requestId", out var id) &&
                id.ValueKind == JsonValueKind.String && Identifiers.IdProblem(id.GetString(), "requestId") is null)
            {
                requestId = id.GetString();
            }
        }
        catch (JsonException)
        {
            // Not an envelope: keep the HTTP status as the code.
        }
        // The message is shown to people and printed in terminals: bounded, without control characters.
        message = Identifiers.Defang(message.Length > 500 ? message[..500] + "…" : message);
        throw new SoundlinkApiException(status, code, message, requestId, response.Headers.RetryAfter?.Delta);
    }

    /// <summary>Soundlink's error codes are short snake_case words; anything else is not trusted as one.</summary>
    private static bool IsErrorCode(string code) => code.Length is > 0 and <= 64 && code.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_');

    private static string? RequestIdOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Request-Id", out var values) && values.FirstOrDefault() is { } id &&
        Identifiers.IdProblem(id, "requestId") is null ? id : null;
}
