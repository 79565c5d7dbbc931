using System.Diagnostics;
using Soundlink.Simulator;
using SoundlinkDashboard.Core.Campaigns;
using Microsoft.Extensions.DependencyInjection;
using SoundlinkDashboard.Core.Keys;
using SoundlinkDashboard.Core.Sync;

namespace SoundlinkDashboard.Core.Tests.Sync;

public sealed class SyncRunnerTests
{
    [Fact]
    public async Task A_backfill_over_more_than_90_days_stores_exactly_the_simulators_rows()
    {
        await using var sync = await SyncFixture.StartAsync();
        var keys = await sync.RegisterAsync(await sync.AddKeyAsync());
        var campaign = sync.LongCampaign();

        var result = await sync.Campaigns.SyncAsync(sync.Team, keys[campaign.Id], SyncTrigger.Cli);

        Assert.Equal(SyncOutcome.Succeeded, result.Outcome);
        var expected = sync.ExpectedRows(campaign);
        Assert.Equal(expected, await sync.StoredRowsAsync(campaign.Id));
        Assert.Equal(expected.Count, result.Inserted);
        var run = (await sync.Campaigns.ListAsync(sync.Team)).Single(c => c.CampaignId == campaign.Id).LastRun!;
        Assert.True(run.Slices > 1, "more than one 90-day slice");
        Assert.Equal(run.Slices, run.SlicesDone);
        Assert.Equal(campaign.Start, run.WindowFrom);
    }

    [Fact]
    public async Task A_later_run_fetches_the_revision_window_and_picks_up_revisions()
    {
        await using var sync = await SyncFixture.StartAsync();
        var keys = await sync.RegisterAsync(await sync.AddKeyAsync());
        var campaign = sync.LongCampaign();
        await sync.Campaigns.SyncAsync(sync.Team, keys[campaign.Id], SyncTrigger.Cli);

        sync.Time.Advance(TimeSpan.FromHours(6));
        var second = await sync.Campaigns.SyncAsync(sync.Team, keys[campaign.Id], SyncTrigger.Cli);

        Assert.Equal(SyncOutcome.Succeeded, second.Outcome);
        var run = (await sync.Campaigns.ListAsync(sync.Team)).Single(c => c.CampaignId == campaign.Id).LastRun!;
        Assert.Equal(SyncFixture.Now.AddHours(6).UtcDateTime.Date, run.WindowTo.ToDateTime(TimeOnly.MinValue));
        Assert.Equal(run.WindowTo.AddDays(-new SyncOptions().EffectiveLookbackDays), run.WindowFrom);
        Assert.True(second.Updated > 0, "provisional days were revised");
        Assert.True(second.Unchanged > 0, "frozen days in the window stay as they are");
        Assert.Equal(sync.ExpectedRows(campaign), await sync.StoredRowsAsync(campaign.Id));
    }

    [Fact]
    public async Task A_429_is_waited_out_for_at_least_retry_after()
    {
        await using var sync = await SyncFixture.StartAsync();
        var keys = await sync.RegisterAsync(await sync.AddKeyAsync());
        var campaign = sync.Simulator.Simulator.Catalogue.CampaignsOf(SyncFixture.Org).First();
        sync.Simulator.State.Inject(new Fault(FaultKind.RateLimit, Value: 1, PathContains: "/export"));
        var stopwatch = Stopwatch.StartNew();

        var result = await sync.Campaigns.SyncAsync(sync.Team, keys[campaign.Id], SyncTrigger.Cli);

        Assert.Equal(SyncOutcome.Succeeded, result.Outcome);
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromSeconds(1), $"took {stopwatch.Elapsed}");
        Assert.Contains(sync.Simulator.State.Requests, r => r.Status == 429);
        Assert.Equal(sync.ExpectedRows(campaign), await sync.StoredRowsAsync(campaign.Id));
    }

    [Fact]
    public async Task Two_server_errors_then_success_complete_the_run()
    {
        await using var sync = await SyncFixture.StartAsync();
        var keys = await sync.RegisterAsync(await sync.AddKeyAsync());
        var campaign = sync.LongCampaign();
        sync.Simulator.State.Inject(new Fault(FaultKind.ServerError, Times: 2, PathContains: "/export"));

        var result = await sync.Campaigns.SyncAsync(sync.Team, keys[campaign.Id], SyncTrigger.Cli);

        Assert.Equal(SyncOutcome.Succeeded, result.Outcome);
        Assert.Equal(2, sync.Simulator.State.Requests.Count(r => r.Status == 500));
        Assert.Equal(sync.ExpectedRows(campaign), await sync.StoredRowsAsync(campaign.Id));
    }

    [Theory]
    [InlineData(FaultKind.CutStream, "stream_broken")]
    [InlineData(FaultKind.WrongRowCount, "row_count_mismatch")]
    public async Task A_slice_truncated_on_every_attempt_commits_nothing_keeps_progress_and_the_next_run_completes(FaultKind fault, string code)
    {
        await using var sync = await SyncFixture.StartAsync();
        var keys = await sync.RegisterAsync(await sync.AddKeyAsync());
        var campaign = sync.LongCampaign();
        var secondSlice = campaign.Start.AddDays(90);
        var retries = new SyncOptions().SliceRetries;
        sync.Simulator.State.Inject(new Fault(fault, Times: retries + 1, PathContains: $"startDate={secondSlice:yyyy-MM-dd}"));

        var failed = await sync.Campaigns.SyncAsync(sync.Team, keys[campaign.Id], SyncTrigger.Cli);

        Assert.Equal(SyncOutcome.Failed, failed.Outcome);
        Assert.Equal(code, failed.ErrorCode);
        var view = (await sync.Campaigns.ListAsync(sync.Team)).Single(c => c.CampaignId == campaign.Id);
        Assert.Equal(retries, await sync.ScalarAsync($"SELECT SliceRetries FROM SyncRuns WHERE Id = {failed.RunId}"));
        Assert.Equal(secondSlice.AddDays(-1), view.SyncedThrough);
        Assert.Equal(SyncState.Failing, view.State);
        Assert.Equal(1, view.LastRun!.SlicesDone);
        var stored = await sync.StoredRowsAsync(campaign.Id);
        Assert.Equal(sync.ExpectedRows(campaign).Where(r => string.CompareOrdinal(r.Split('|')[1], $"{secondSlice:yyyy-MM-dd}") < 0), stored);

        var retry = await sync.Campaigns.SyncAsync(sync.Team, keys[campaign.Id], SyncTrigger.Cli);

        Assert.Equal(SyncOutcome.Succeeded, retry.Outcome);
        Assert.Equal(sync.ExpectedRows(campaign), await sync.StoredRowsAsync(campaign.Id));
    }

    [Fact]
    public async Task A_401_marks_the_key_stops_its_campaigns_and_is_not_retried()
    {
        await using var sync = await SyncFixture.StartAsync();
        var keys = await sync.RegisterAsync(await sync.AddKeyAsync());
        var campaign = sync.LongCampaign();
        sync.Simulator.Simulator.Options.Organizations[0].Keys[0].Revoked = true;
        var before = sync.Simulator.State.Requests.Count;

        var result = await sync.Campaigns.SyncAsync(sync.Team, keys[campaign.Id], SyncTrigger.Cli);

        Assert.Equal(SyncOutcome.Failed, result.Outcome);
        Assert.Equal("api_key_revoked", result.ErrorCode);
        Assert.Equal(before + 1, sync.Simulator.State.Requests.Count);
        var key = Assert.Single(await sync.Services.GetRequiredService<KeyVault>().ListAsync(sync.Team));
        Assert.Contains("api_key_revoked", key.Problem);
        Assert.All(await sync.Campaigns.ListAsync(sync.Team), c => Assert.Equal(SyncState.Stopped, c.State));
        var run = (await sync.Campaigns.ListAsync(sync.Team)).Single(c => c.CampaignId == campaign.Id).LastRun!;
        Assert.Equal(401, run.HttpStatus);
        Assert.False(string.IsNullOrEmpty(run.RequestId));
        Assert.Empty(await sync.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<SyncScheduler>().Single().DueAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Two_simultaneous_sync_requests_make_one_run()
    {
        await using var sync = await SyncFixture.StartAsync();
        var keys = await sync.RegisterAsync(await sync.AddKeyAsync());
        var campaign = sync.Simulator.Simulator.Catalogue.CampaignsOf(SyncFixture.Org).First();
        sync.Simulator.State.Inject(new Fault(FaultKind.SlowStream, Value: 20, PathContains: "/export"));

        var first = sync.Runner.RunAsync(keys[campaign.Id], SyncTrigger.Manual);
        var second = sync.Runner.RunAsync(keys[campaign.Id], SyncTrigger.Schedule);
        await Task.WhenAll(first, second);

        Assert.Same(first, second);
        Assert.Equal(1, await sync.ScalarAsync("SELECT COUNT(*) FROM SyncRuns"));
    }

    [Theory]
    [InlineData(KeyHeaderStyle.XApiKey, true, false)]
    [InlineData(KeyHeaderStyle.Bearer, false, true)]
    public async Task The_keys_header_style_is_used_and_never_both(KeyHeaderStyle style, bool xApiKey, bool authorization)
    {
        await using var sync = await SyncFixture.StartAsync(campaigns: 1);
        var keys = await sync.RegisterAsync(await sync.AddKeyAsync(style));

        await sync.Campaigns.SyncAsync(sync.Team, keys.Values.Single(), SyncTrigger.Cli);

        Assert.NotEmpty(sync.Simulator.State.Requests);
        Assert.All(sync.Simulator.State.Requests, r => Assert.Equal((xApiKey, authorization), (r.HasXApiKey, r.HasAuthorization)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_run_stopped_mid_slice_and_restarted_ends_with_the_rows_of_a_clean_sync(int committedSlices)
    {
        await using var sync = await SyncFixture.StartAsync();
        var keys = await sync.RegisterAsync(await sync.AddKeyAsync());
        var campaign = sync.LongCampaign();
        sync.Simulator.State.Inject(new Fault(FaultKind.SlowStream, Times: 5, Value: 25, PathContains: "/export"));
        // Stopped once this many slices are committed, while the next one is being fetched: no wall-clock guess.
        using var stop = new CancellationTokenSource();
        sync.Services.GetRequiredService<SyncProgress>().Changed += (info, _) =>
        {
            if (info is not null && info.SlicesDone == committedSlices)
            {
                stop.Cancel();
            }
        };

        try
        {
            await sync.Runner.RunAsync(keys[campaign.Id], SyncTrigger.Manual, stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Stopped mid-run, as a killed process would be.
        }
        var restarted = await sync.Campaigns.SyncAsync(sync.Team, keys[campaign.Id], SyncTrigger.Cli);

        Assert.Equal(SyncOutcome.Succeeded, restarted.Outcome);
        Assert.Equal(sync.ExpectedRows(campaign), await sync.StoredRowsAsync(campaign.Id));
    }

    [Fact]
    public async Task Shutdown_stops_a_running_sync_keeps_only_whole_slices_and_releases_the_lease()
    {
        await using var sync = await SyncFixture.StartAsync();
        var keys = await sync.RegisterAsync(await sync.AddKeyAsync());
        var campaign = sync.LongCampaign();
        // Slow enough that the run is mid-way when the host stops.
        sync.Simulator.State.Inject(new Fault(FaultKind.SlowStream, Times: 3, Value: 40, PathContains: "/export"));
        var running = sync.Runner.RunAsync(keys[campaign.Id], SyncTrigger.Manual);
        await SyncFixture.WaitForAsync(async () => sync.Runner.IsRunning(keys[campaign.Id]) &&
            await sync.ScalarAsync("SELECT COUNT(*) FROM SyncRuns WHERE SlicesDone >= 1") == 1);

        await sync.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<SyncShutdown>().Single().StopAsync(CancellationToken.None);

        Assert.True(running.IsCompleted);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        var view = (await sync.Campaigns.ListAsync(sync.Team)).Single(c => c.CampaignId == campaign.Id);
        Assert.Equal("cancelled", view.LastRun!.ErrorCode);
        var stored = await sync.StoredRowsAsync(campaign.Id);
        var committedThrough = view.SyncedThrough is { } through ? $"{through:yyyy-MM-dd}" : "";
        Assert.Equal(sync.ExpectedRows(campaign).Where(r => string.CompareOrdinal(r.Split('|')[1], committedThrough) <= 0), stored);
        Assert.Equal(0, await sync.ScalarAsync("SELECT COUNT(*) FROM SyncLeases"));
    }
}
