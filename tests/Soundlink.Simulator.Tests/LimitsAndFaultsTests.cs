using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Soundlink.Simulator.Tests;

public sealed class LimitsAndFaultsTests
{
    [Fact]
    public async Task The_61st_request_in_a_minute_gets_429_with_retry_after_and_passes_after_waiting()
    {
        await using var sim = await SimulatorFixture.StartAsync();
        for (var i = 0; i < 60; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await sim.Http.SendAsync(sim.Get("/v1/ping"))).StatusCode);
            sim.Time.Advance(TimeSpan.FromMilliseconds(500));
        }

        var limited = await sim.Http.SendAsync(sim.Get("/v1/ping"));

        await ApiContractTests.AssertErrorAsync(limited, HttpStatusCode.TooManyRequests, "rate_limit_exceeded");
        var retryAfter = int.Parse(limited.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal(HttpStatusCode.OK, (await sim.Http.SendAsync(sim.Get("/v1/ping", SimulatorFixture.KeyB))).StatusCode);
        sim.Time.Advance(TimeSpan.FromSeconds(retryAfter));
        Assert.Equal(HttpStatusCode.OK, (await sim.Http.SendAsync(sim.Get("/v1/ping"))).StatusCode);
    }

    [Fact]
    public async Task The_hourly_limit_holds_across_minutes()
    {
        await using var sim = await SimulatorFixture.StartAsync(SimulatorFixture.Options(perMinute: 60, perHour: 5));
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await sim.Http.SendAsync(sim.Get("/v1/ping"))).StatusCode);
            sim.Time.Advance(TimeSpan.FromMinutes(5));
        }

        var limited = await sim.Http.SendAsync(sim.Get("/v1/ping"));

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.InRange(int.Parse(limited.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture), 60, 3600);
    }

    [Fact]
    public async Task Injected_server_errors_happen_as_many_times_as_asked()
    {
        await using var sim = await SimulatorFixture.StartAsync();
        sim.Server.State.Inject(new Fault(FaultKind.ServerError, Times: 2));

        var first = await sim.Http.SendAsync(sim.Get("/v1/ping"));
        var second = await sim.Http.SendAsync(sim.Get("/v1/ping"));
        var third = await sim.Http.SendAsync(sim.Get("/v1/ping"));

        await ApiContractTests.AssertErrorAsync(first, HttpStatusCode.InternalServerError, "internal_error");
        Assert.Equal(HttpStatusCode.InternalServerError, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Fact]
    public async Task A_cut_stream_ends_inside_a_line()
    {
        await using var sim = await SimulatorFixture.StartAsync();
        var id = sim.LongRunningCampaign();
        sim.Server.State.Inject(new Fault(FaultKind.CutStream));

        var body = new MemoryStream();
        var failed = false;
        HttpResponseMessage? response = null;
        try
        {
            response = await sim.Http.SendAsync(sim.Get($"/v1/campaigns/{id}/metrics/breakdown/export?startDate=2026-11-01&endDate=2026-11-20"),
                HttpCompletionOption.ResponseHeadersRead);
            await (await response.Content.ReadAsStreamAsync()).CopyToAsync(body);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            failed = true;
        }

        var text = System.Text.Encoding.UTF8.GetString(body.ToArray());
        Assert.True(failed, "the stream should break off");
        Assert.NotNull(response);
        Assert.False(text.EndsWith('\n'));
        Assert.True(text.Split('\n').Length - 1 < int.Parse(response.Headers.GetValues("X-Row-Count").Single(), CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_wrong_row_count_is_one_more_than_the_lines()
    {
        await using var sim = await SimulatorFixture.StartAsync();
        var id = sim.LongRunningCampaign();
        sim.Server.State.Inject(new Fault(FaultKind.WrongRowCount));

        var response = await sim.Http.SendAsync(sim.Get($"/v1/campaigns/{id}/metrics/breakdown/export?startDate=2026-11-01&endDate=2026-11-05"));
        var rows = await ExportTests.ReadAsync(response);

        Assert.Equal(rows.Count + 1, int.Parse(response.Headers.GetValues("X-Row-Count").Single(), CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task The_json_string_body_holds_the_same_rows()
    {
        await using var sim = await SimulatorFixture.StartAsync();
        var id = sim.LongRunningCampaign();
        var path = $"/v1/campaigns/{id}/metrics/breakdown/export?startDate=2026-11-01&endDate=2026-11-05";
        var plain = await ExportTests.ReadAsync(await sim.Http.SendAsync(sim.Get(path)));
        sim.Server.State.Inject(new Fault(FaultKind.JsonStringBody));

        var response = await sim.Http.SendAsync(sim.Get(path));
        var text = await response.Content.ReadAsStringAsync();
        var decoded = await ExportTests.ReadAsync(new HttpResponseMessage { Content = new StringContent(text) });

        Assert.StartsWith("\"{", text);
        Assert.Equal(plain.Select(r => (r.Row!.CountryCode, r.Row.ReportDate, r.Row.Streams)), decoded.Select(r => (r.Row!.CountryCode, r.Row.ReportDate, r.Row.Streams)));
    }

    [Fact]
    public async Task A_slow_stream_waits_between_lines()
    {
        await using var sim = await SimulatorFixture.StartAsync();
        var id = sim.LongRunningCampaign();
        sim.Server.State.Inject(new Fault(FaultKind.SlowStream, Value: 50));
        var stopwatch = Stopwatch.StartNew();

        var rows = await ExportTests.ReadAsync(await sim.Http.SendAsync(sim.Get($"/v1/campaigns/{id}/metrics/breakdown/export?startDate=2026-11-01&endDate=2026-11-02")));

        var pauses = (rows.Count + Simulator.SlowStreamLinesPerPause - 1) / Simulator.SlowStreamLinesPerPause;
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(pauses * 50), $"{rows.Count} lines took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task Requests_are_logged_with_the_auth_headers_they_carried()
    {
        await using var sim = await SimulatorFixture.StartAsync();

        await sim.Http.SendAsync(sim.Get("/v1/ping"));
        await sim.Http.SendAsync(sim.Get("/v1/ping", bearer: true));

        var log = sim.Server.State.Requests;
        Assert.Equal([(true, false), (false, true)], log.Select(r => (r.HasXApiKey, r.HasAuthorization)));
    }
}
