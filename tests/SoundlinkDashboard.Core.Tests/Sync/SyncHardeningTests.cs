using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Soundlink.Simulator;
using SoundlinkDashboard.Core.Campaigns;
using SoundlinkDashboard.Core.Ingest;
using SoundlinkDashboard.Core.Sync;

namespace SoundlinkDashboard.Core.Tests.Sync;

/// <summary>The sync against broken, slow and hostile upstreams (the simulator's faults).</summary>
public sealed class SyncHardeningTests
{
    [Theory]
    [InlineData(FaultKind.CutStream)]
    [InlineData(FaultKind.WrongRowCount)]
    public async Task A_backfill_whose_first_answer_for_every_window_breaks_completes_in_one_run(FaultKind fault)
    {
        await using var sync = await SyncFixture.StartAsync();
        var keys = await sync.RegisterAsync(await sync.AddKeyAsync());
        var campaign = sync.LongCampaign();
        sync.Simulator.State.Inject(new Fault(fault, PathContains: "/export", EveryWindowOnce: true));

        var result = await sync.Campaigns.SyncAsync(sync.Team, keys[campaign.Id], SyncTrigger.Cli);

        Assert.Equal(SyncOutcome.Succeeded, result.Outcome);
        Assert.Equal(sync.ExpectedRows(campaign), await sync.StoredRowsAsync(campaign.Id));
        var run = (await sync.Campaigns.ListAsync(sync.Team)).Single(c => c.CampaignId == campaign.Id).LastRun!;
        Assert.True(run.Slices >= 3, $"a backfill of several windows ({run.Slices})");
        Assert.Equal(run.Slices, await sync.ScalarAsync($"SELECT SliceRetries FROM SyncRuns WHERE Id = {run.Id}"));
        Assert.Equal(2 * run.Slices, sync.Simulator.State.Requests.Count(r => r.PathAndQuery.Contains("/export", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Rows_of_other_campaigns_other_dates_and_future_exports_are_refused_counted_and_change_nothing()
    {
        await using var sync = await SyncFixture.StartAsync();
        var keys = await sync.RegisterAsync(await sync.AddKeyAsync());
        var catalogue = sync.Simulator.Simulator.Catalogue.CampaignsOf(SyncFixture.Org).ToList();
        var victim = catalogue.First(c => c.Id != sync.LongCampaign().Id);
        var campaign = sync.LongCampaign();
        Assert.Equal(SyncOutcome.Succeeded, (await sync.Campaigns.SyncAsync(sync.Team, keys[victim.Id], SyncTrigger.Cli)).Outcome);
        var campaignsBefore = await sync.ScalarAsync("SELECT COUNT(*) FROM Campaigns");
        // Every window of the long campaign carries the victim's row with 999,999 streams and exported_at 2099, rows dated
        // 2001-01-01 and 9999-12-31, and a row of its own with exported_at 2099.
        sync.Simulator.State.Inject(new Fault(FaultKind.ForeignRows, PathContains: $"/campaigns/{campaign.Id}/", EveryWindowOnce: true, Text: victim.Id));

        var result = await sync.Campaigns.SyncAsync(sync.Team, keys[campaign.Id], SyncTrigger.Cli);

        Assert.Equal(SyncOutcome.Succeeded, result.Outcome);
        Assert.Equal(sync.ExpectedRows(campaign), await sync.StoredRowsAsync(campaign.Id));
        Assert.Equal(sync.ExpectedRows(victim), await sync.StoredRowsAsync(victim.Id));
        Assert.Equal(campaignsBefore, await sync.ScalarAsync("SELECT COUNT(*) FROM Campaigns"));
        var view = (await sync.Campaigns.ListAsync(sync.Team)).Single(c => c.CampaignId == campaign.Id);
        Assert.Equal(DateOnly.FromDateTime(sync.Time.GetUtcNow().UtcDateTime), view.LastReportDate);
        var slices = view.LastRun!.Slices;
        Assert.Equal(4L * slices, result.Rejected);
        var kinds = JsonSerializer.Deserialize<Dictionary<string, long>>(
            await sync.TextAsync($"SELECT RejectedKinds FROM SyncRuns WHERE Id = {result.RunId}"))!;
        Assert.Equal(new Dictionary<string, long>
        {
            [RejectKind.OtherCampaign] = slices,
            [RejectKind.OutsideWindow] = 2L * slices,
            [RejectKind.FutureExportedAt] = slices,
        }, kinds);
        Assert.True(await sync.ScalarAsync("SELECT COUNT(*) FROM RejectedLines WHERE Reason LIKE 'campaign_id%is not the campaign%'") >= slices);
    }

    [Fact]
    public async Task An_export_over_the_line_cap_fails_the_run_with_a_clear_reason_and_stores_nothing_of_it()
    {
        await using var sync = await SyncFixture.StartAsync(settings: new Dictionary<string, string?> { ["Soundlink:Client:ExportMaxLines"] = "5000" });
        var keys = await sync.RegisterAsync(await sync.AddKeyAsync());
        var campaign = sync.LongCampaign();
        sync.Simulator.State.Inject(new Fault(FaultKind.Oversized, Value: 20_000, PathContains: "/export"));

        var result = await sync.Campaigns.SyncAsync(sync.Team, keys[campaign.Id], SyncTrigger.Cli);

        Assert.Equal(SyncOutcome.Failed, result.Outcome);
        Assert.Equal("export_too_large", result.ErrorCode);
        Assert.Contains("5,000 lines", result.Message);
        Assert.Empty(await sync.StoredRowsAsync(campaign.Id));
    }

    [Fact]
    public async Task An_export_over_the_byte_cap_fails_the_run_while_it_streams()
    {
        await using var sync = await SyncFixture.StartAsync(settings: new Dictionary<string, string?> { ["Soundlink:Client:ExportMaxBytes"] = "200000" });
        var keys = await sync.RegisterAsync(await sync.AddKeyAsync());
        var campaign = sync.LongCampaign();

        var result = await sync.Campaigns.SyncAsync(sync.Team, keys[campaign.Id], SyncTrigger.Cli);

        Assert.Equal(SyncOutcome.Failed, result.Outcome);
        Assert.Equal("export_too_large", result.ErrorCode);
        Assert.Empty(await sync.StoredRowsAsync(campaign.Id));
    }

    [Fact]
    public async Task A_body_that_stalls_fails_the_run_on_the_idle_timeout_and_frees_the_slot()
    {
        await using var sync = await SyncFixture.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Soundlink:Client:ExportIdleTimeout"] = "00:00:00.300",
            ["Sync:MaxConcurrentRuns"] = "1",
        });
        var keys = await sync.RegisterAsync(await sync.AddKeyAsync());
        var campaigns = sync.Simulator.Simulator.Catalogue.CampaignsOf(SyncFixture.Org).ToList();
        var (slow, other) = (campaigns[0], campaigns[1]);
        // Headers at once, then 30 s before the first line: far over the idle timeout.
        sync.Simulator.State.Inject(new Fault(FaultKind.Trickle, Times: 100, Value: 30_000, PathContains: $"/campaigns/{slow.Id}/"));

        var stalled = sync.Runner.RunAsync(keys[slow.Id], SyncTrigger.Manual);
        var next = sync.Runner.RunAsync(keys[other.Id], SyncTrigger.Manual);
        var results = await Task.WhenAll(stalled, next).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(SyncOutcome.Failed, results[0].Outcome);
        Assert.Equal("export_stalled", results[0].ErrorCode);
        Assert.Equal(SyncOutcome.Succeeded, results[1].Outcome);
        Assert.Equal(sync.ExpectedRows(other), await sync.StoredRowsAsync(other.Id));
    }

    [Fact]
    public async Task A_body_that_trickles_under_the_idle_timeout_fails_on_the_total_time_per_slice()
    {
        await using var sync = await SyncFixture.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Soundlink:Client:ExportIdleTimeout"] = "00:00:05",
            ["Soundlink:Client:ExportTotalTimeout"] = "00:00:01",
        });
        var keys = await sync.RegisterAsync(await sync.AddKeyAsync());
        var campaign = sync.LongCampaign();
        sync.Simulator.State.Inject(new Fault(FaultKind.Trickle, Times: 100, Value: 100, PathContains: "/export"));

        var result = await sync.Campaigns.SyncAsync(sync.Team, keys[campaign.Id], SyncTrigger.Cli);

        Assert.Equal(SyncOutcome.Failed, result.Outcome);
        Assert.Equal("export_timeout", result.ErrorCode);
        Assert.Empty(await sync.StoredRowsAsync(campaign.Id));
    }

    [Fact]
    public async Task A_second_runner_on_another_host_is_refused_while_the_first_holds_the_lease_and_takes_over_once_it_expires()
    {
        await using var sync = await SyncFixture.StartAsync();
        var keys = await sync.RegisterAsync(await sync.AddKeyAsync());
        var campaign = sync.LongCampaign();
        var other = sync.SecondHost();
        sync.Simulator.State.Inject(new Fault(FaultKind.SlowStream, Value: 150, PathContains: "/export"));

        var first = sync.Runner.RunAsync(keys[campaign.Id], SyncTrigger.Manual);
        await SyncFixture.WaitForAsync(async () => await sync.ScalarAsync("SELECT COUNT(*) FROM SyncLeases") == 1);
        // Past the lease's first expiry, in the middle of a slice: the first runner's timer renews it, so the second is still refused.
        sync.Time.Advance(SyncLeases.Duration + TimeSpan.FromSeconds(1));
        var now = sync.Time.GetUtcNow().ToUnixTimeMilliseconds();
        await SyncFixture.WaitForAsync(async () => await sync.ScalarAsync("SELECT ExpiresAt FROM SyncLeases") > now);
        var refused = await other.RunAsync(keys[campaign.Id], SyncTrigger.Manual);

        Assert.Equal("already_running", refused.ErrorCode);
        Assert.Equal(SyncOutcome.Succeeded, (await first).Outcome);
        Assert.Equal(sync.ExpectedRows(campaign), await sync.StoredRowsAsync(campaign.Id));

        // A holder that died without releasing (its row stays): the lease is free once it expires, on any host.
        await sync.ExecuteAsync($"INSERT INTO SyncLeases (CampaignKey, Holder, ExpiresAt) VALUES ({keys[campaign.Id]}, 'gone-host/1/x', {sync.Time.GetUtcNow().AddMinutes(1).ToUnixTimeMilliseconds()})");
        Assert.Equal("already_running", (await other.RunAsync(keys[campaign.Id], SyncTrigger.Manual)).ErrorCode);
        sync.Simulator.State.ClearFaults();
        sync.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(SyncOutcome.Succeeded, (await other.RunAsync(keys[campaign.Id], SyncTrigger.Manual)).Outcome);
    }

    [Fact]
    public async Task A_run_whose_lease_is_taken_stops_before_writing_the_slice_it_was_fetching()
    {
        await using var sync = await SyncFixture.StartAsync();
        var keys = await sync.RegisterAsync(await sync.AddKeyAsync());
        var campaign = sync.LongCampaign();
        var secondSlice = campaign.Start.AddDays(90);
        sync.Simulator.State.Inject(new Fault(FaultKind.SlowStream, Times: 100, Value: 200, PathContains: $"startDate={secondSlice:yyyy-MM-dd}"));

        var running = sync.Runner.RunAsync(keys[campaign.Id], SyncTrigger.Manual);
        // The first slice is committed; the second is on its slow way.
        await SyncFixture.WaitForAsync(async () => await sync.ScalarAsync("SELECT COUNT(*) FROM SyncRuns WHERE SlicesDone = 1") == 1);
        // Another host takes the lease (as if this one had been paused past its expiry).
        await sync.ExecuteAsync($"UPDATE SyncLeases SET Holder = 'other-host/1/y' WHERE CampaignKey = {keys[campaign.Id]}");
        sync.Time.Advance(SyncLeases.RenewEvery);
        var result = await running;

        Assert.Equal(SyncOutcome.Failed, result.Outcome);
        Assert.Equal("lease_lost", result.ErrorCode);
        var view = (await sync.Campaigns.ListAsync(sync.Team)).Single(c => c.CampaignId == campaign.Id);
        Assert.Equal(secondSlice.AddDays(-1), view.SyncedThrough);
        Assert.Equal(sync.ExpectedRows(campaign).Where(r => string.CompareOrdinal(r.Split('|')[1], $"{secondSlice:yyyy-MM-dd}") < 0),
            await sync.StoredRowsAsync(campaign.Id));
        Assert.Equal("other-host/1/y", await sync.TextAsync($"SELECT Holder FROM SyncLeases WHERE CampaignKey = {keys[campaign.Id]}"));
    }
}
