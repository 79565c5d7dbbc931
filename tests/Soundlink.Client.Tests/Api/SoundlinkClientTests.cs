using System.Diagnostics;
using Soundlink.Client.Api;
using Soundlink.Client.Export;
using Soundlink.Simulator;

namespace Soundlink.Client.Tests.Api;

public sealed class SoundlinkClientTests : IAsyncLifetime
{
    private ClientFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await ClientFixture.StartAsync(campaigns: 3);

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Theory]
    [InlineData(AuthHeaderStyle.XApiKey, true, false)]
    [InlineData(AuthHeaderStyle.Bearer, false, true)]
    public async Task The_header_style_is_honoured_and_never_both(AuthHeaderStyle style, bool xApiKey, bool authorization)
    {
        await _fixture.Client.PingAsync(_fixture.Connection(style));
        await _fixture.Client.ListCampaignsAsync(_fixture.Connection(style));

        Assert.All(_fixture.Server.State.Requests, r => Assert.Equal((xApiKey, authorization), (r.HasXApiKey, r.HasAuthorization)));
        Assert.Equal(2, _fixture.Server.State.Requests.Count);
    }

    [Fact]
    public async Task An_error_envelope_becomes_a_typed_error_with_its_request_id_and_is_not_retried()
    {
        var error = await Assert.ThrowsAsync<SoundlinkApiException>(() => _fixture.Client.PingAsync(_fixture.Connection(key: ClientFixture.RevokedKey)));

        Assert.Equal(401, error.Status);
        Assert.Equal("api_key_revoked", error.Code);
        Assert.True(error.IsKeyProblem);
        Assert.False(string.IsNullOrEmpty(error.ApiMessage));
        Assert.True(Guid.TryParse(error.RequestId, out _));
        Assert.Single(_fixture.Server.State.Requests);
    }

    [Fact]
    public async Task Two_server_errors_are_retried_and_the_third_attempt_succeeds()
    {
        _fixture.Server.State.Inject(new Fault(FaultKind.ServerError, Times: 2));

        await _fixture.Client.PingAsync(_fixture.Connection());

        Assert.Equal([500, 500, 200], _fixture.Server.State.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task A_429_waits_at_least_retry_after_before_retrying()
    {
        _fixture.Server.State.Inject(new Fault(FaultKind.RateLimit, Value: 1));
        var stopwatch = Stopwatch.StartNew();

        await _fixture.Client.PingAsync(_fixture.Connection());

        var requests = _fixture.Server.State.Requests;
        Assert.Equal([429, 200], requests.Select(r => r.Status));
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromSeconds(1), $"retried after {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task Server_errors_beyond_the_retry_bound_fail_with_the_code()
    {
        _fixture.Server.State.Inject(new Fault(FaultKind.ServerError, Times: 10));

        var error = await Assert.ThrowsAsync<SoundlinkApiException>(() => _fixture.Client.PingAsync(_fixture.Connection()));

        Assert.Equal("internal_error", error.Code);
        Assert.True(error.IsTransient);
        Assert.Equal(4, _fixture.Server.State.Requests.Count);
    }

    [Fact]
    public async Task All_campaigns_walks_every_page()
    {
        await using var many = await ClientFixture.StartAsync(campaigns: 205);

        var all = new List<CampaignSummary>();
        await foreach (var campaign in many.Client.AllCampaignsAsync(many.Connection()))
        {
            all.Add(campaign);
        }

        Assert.Equal(205, all.Select(c => c.CampaignId).Distinct().Count());
        Assert.Equal(3, many.Server.State.Requests.Count);
        Assert.All(all, c => Assert.Equal(ClientFixture.Org, c.OrganizationId));
    }

    [Fact]
    public async Task An_export_streams_every_line_and_checks_the_row_count()
    {
        var lines = new List<RowReadResult>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var slice = await _fixture.Client.ExportAsync(_fixture.Connection(), _fixture.LongRunningCampaign(), today.AddDays(-20), today,
            line => { lines.Add(line); return ValueTask.CompletedTask; });

        Assert.Equal(lines.Count, slice.Lines);
        Assert.True(lines.Count > 0);
        Assert.All(lines, l => Assert.True(l.IsValid, l.Error));
        var request = Assert.Single(_fixture.Server.State.Requests);
        Assert.Equal("application/x-ndjson", request.Accept);
        Assert.Contains($"startDate={today.AddDays(-20):yyyy-MM-dd}&endDate={today:yyyy-MM-dd}", request.PathAndQuery);
    }

    [Theory]
    [InlineData(FaultKind.CutStream, "stream_broken")]
    [InlineData(FaultKind.WrongRowCount, "row_count_mismatch")]
    public async Task A_truncated_export_fails(FaultKind fault, string code)
    {
        _fixture.Server.State.Inject(new Fault(fault));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var error = await Assert.ThrowsAsync<SoundlinkApiException>(() => _fixture.Client.ExportAsync(_fixture.Connection(),
            _fixture.LongRunningCampaign(), today.AddDays(-30), today, _ => ValueTask.CompletedTask));

        Assert.Equal(code, error.Code);
    }

    [Fact]
    public async Task The_json_string_body_form_reads_the_same_rows()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var campaign = _fixture.LongRunningCampaign();
        var plain = new List<string>();
        await _fixture.Client.ExportAsync(_fixture.Connection(), campaign, today.AddDays(-40), today.AddDays(-10),
            line => { plain.Add($"{line.Row!.ReportDate}{line.Row.CountryCode}{line.Row.Streams}"); return ValueTask.CompletedTask; });
        _fixture.Server.State.Inject(new Fault(FaultKind.JsonStringBody));

        var decoded = new List<string>();
        await _fixture.Client.ExportAsync(_fixture.Connection(), campaign, today.AddDays(-40), today.AddDays(-10),
            line => { decoded.Add($"{line.Row!.ReportDate}{line.Row.CountryCode}{line.Row.Streams}"); return ValueTask.CompletedTask; });

        Assert.Equal(plain, decoded);
    }

    [Fact]
    public async Task Export_windows_over_90_days_are_refused_before_calling()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _fixture.Client.ExportAsync(_fixture.Connection(),
            _fixture.LongRunningCampaign(), today.AddDays(-90), today, _ => ValueTask.CompletedTask));

        Assert.Empty(_fixture.Server.State.Requests);
    }

    [Fact]
    public async Task The_key_rate_limiter_holds_a_request_over_the_limit()
    {
        using var limiter = new KeyRateLimiter(perMinute: 2, perHour: 100);
        await limiter.WaitAsync("k", CancellationToken.None);
        await limiter.WaitAsync("k", CancellationToken.None);

        var third = limiter.WaitAsync("k", CancellationToken.None).AsTask();
        var other = limiter.WaitAsync("other", CancellationToken.None).AsTask();

        await other;
        Assert.False(await Task.WhenAny(third, Task.Delay(300)) == third, "the third request of the minute should wait");
    }
}
