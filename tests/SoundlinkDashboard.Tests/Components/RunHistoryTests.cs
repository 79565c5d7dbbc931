using Bunit;
using SoundlinkDashboard.Components.Pages.Team;
using SoundlinkDashboard.Core.Campaigns;
using SoundlinkDashboard.Core.Ingest;
using SoundlinkDashboard.Core.Sync;

namespace SoundlinkDashboard.Tests.Components;

public sealed class RunHistoryTests : MudComponentTest
{
    private static SyncRunView Run(int retries, Dictionary<string, long> kinds) => new(7, SyncTrigger.Schedule,
        new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 27, 9, 0, 4, TimeSpan.Zero),
        new DateOnly(2026, 8, 1), new DateOnly(2026, 11, 27), 2, 2, 1_200, 1_000, 100, 90, kinds.Values.Sum(), SyncOutcome.Succeeded,
        null, null, "req-1", null, retries, kinds);

    [Fact]
    public void A_run_shows_its_slice_retries_and_its_rejected_lines_by_kind()
    {
        var history = Render<RunHistory>(p => p.Add(h => h.Runs, [Run(3, new Dictionary<string, long>
        {
            [RejectKind.OtherCampaign] = 2,
            [RejectKind.OutsideWindow] = 4,
            [RejectKind.FutureExportedAt] = 1,
        })]));

        var cells = history.FindAll("tbody td");
        Assert.Contains("3 retried", cells[3].TextContent);
        Assert.Contains("2 of another campaign", cells[8].TextContent);
        Assert.Contains("4 outside the window", cells[8].TextContent);
        Assert.Contains("1 exported in the future", cells[8].TextContent);
    }

    [Fact]
    public void A_clean_run_shows_no_retry_or_rejection_notes()
    {
        var history = Render<RunHistory>(p => p.Add(h => h.Runs, [Run(0, [])]));

        Assert.DoesNotContain("retried", history.Markup);
        Assert.Empty(history.FindAll("tbody td:nth-child(9) .run-error"));
    }
}
