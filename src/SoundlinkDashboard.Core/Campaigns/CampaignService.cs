using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Soundlink.Client.Api;
using Soundlink.Client.Validation;
using SoundlinkDashboard.Core.Keys;
using SoundlinkDashboard.Core.Store;
using SoundlinkDashboard.Core.Sync;
using SoundlinkDashboard.Core.Teams;

namespace SoundlinkDashboard.Core.Campaigns;

public sealed record CampaignView(int Key, string CampaignId, string Name, string? KeyName, bool Registered, SyncState State,
    string? Problem, DateOnly? FirstReportDate, DateOnly? LastReportDate, DateOnly? SyncedThrough, DateTimeOffset? LastSyncAt,
    DateTimeOffset? NextSyncAt, string? ApiStatus, SyncRunView? LastRun);

public sealed record SyncRunView(long Id, SyncTrigger Trigger, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, DateOnly WindowFrom,
    DateOnly WindowTo, int Slices, int SlicesDone, long RowsRead, long Inserted, long Updated, long Unchanged, long Rejected,
    SyncOutcome Outcome, string? ErrorCode, string? ErrorMessage, string? RequestId, int? HttpStatus, int SliceRetries,
    IReadOnlyDictionary<string, long> RejectedKinds);

/// <summary>A campaign the key's organisation has at Soundlink, and whether this team already syncs it.</summary>
public sealed record AvailableCampaign(CampaignSummary Summary, bool Registered);

public sealed record RegisterOutcome(string CampaignId, bool Registered, string? Problem);

/// <summary>A team's campaigns: registering them for sync, their state and run history. Editors change, members read.</summary>
public sealed class CampaignService(IDbContextFactory<AppDbContext> contexts, TeamAccess access, KeyVault vault, SoundlinkClients clients,
    SyncRunner runner, TimeProvider time)
{
    public async Task<IReadOnlyList<CampaignView>> ListAsync(ClaimsPrincipal user, string teamSlug, CancellationToken cancellationToken = default) =>
        await ListAsync(await access.RequireAsync(user, teamSlug, TeamRole.Viewer, cancellationToken), cancellationToken);

    public async Task<IReadOnlyList<CampaignView>> ListAsync(TeamContext team, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateForTeamAsync(team, cancellationToken);
        var campaigns = await db.Campaigns.AsNoTracking().ToListAsync(cancellationToken);
        var keys = await db.ApiKeys.AsNoTracking().ToDictionaryAsync(k => k.Id, k => k.Name, cancellationToken);
        var lastRunIds = await db.SyncRuns.GroupBy(r => r.CampaignKey).Select(g => g.Max(r => r.Id)).ToListAsync(cancellationToken);
        var lastRuns = await db.SyncRuns.AsNoTracking().Where(r => lastRunIds.Contains(r.Id)).ToDictionaryAsync(r => r.CampaignKey, cancellationToken);
        return campaigns
            .Select(c => new CampaignView(c.Id, c.CampaignId, c.DisplayName, c.ApiKeyId is { } k ? keys.GetValueOrDefault(k) : null,
                c.ApiKeyId is not null, c.SyncState, c.SyncProblem, c.FirstReportDate, c.LastReportDate, c.SyncedThrough, c.LastSyncAt,
                c.NextSyncAt, c.ApiStatus, lastRuns.TryGetValue(c.Id, out var run) ? View(run) : null))
            .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>The key's campaigns at Soundlink, to pick from.</summary>
    public async Task<IReadOnlyList<AvailableCampaign>> AvailableAsync(ClaimsPrincipal user, string teamSlug, int keyId,
        CancellationToken cancellationToken = default)
    {
        var team = await access.RequireAsync(user, teamSlug, TeamRole.Editor, cancellationToken);
        await using var db = await contexts.CreateForTeamAsync(team, cancellationToken);
        var key = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Id == keyId, cancellationToken)
            ?? throw new NotFoundException("There is no such key in this team.");
        var registered = (await db.Campaigns.Where(c => c.ApiKeyId != null).Select(c => c.CampaignId).ToListAsync(cancellationToken)).ToHashSet();
        var list = new List<AvailableCampaign>();
        try
        {
            await foreach (var summary in clients.Create().AllCampaignsAsync(vault.Connection(key), cancellationToken))
            {
                list.Add(new AvailableCampaign(summary, registered.Contains(summary.CampaignId)));
            }
        }
        catch (SoundlinkApiException ex)
        {
            throw new InvalidInputException("Key", $"Soundlink refused the campaign list: {KeyVault.Describe(ex)}");
        }
        return list;
    }

    public async Task<IReadOnlyList<RegisterOutcome>> RegisterAsync(ClaimsPrincipal user, string teamSlug, int keyId,
        IEnumerable<string> campaignIds, CancellationToken cancellationToken = default) =>
        await RegisterAsync(await access.RequireAsync(user, teamSlug, TeamRole.Editor, cancellationToken), keyId, campaignIds, cancellationToken);

    /// <summary>Registers campaigns under a key after asking Soundlink for each; the scheduler then syncs them.</summary>
    public async Task<IReadOnlyList<RegisterOutcome>> RegisterAsync(TeamContext team, int keyId, IEnumerable<string> campaignIds,
        CancellationToken cancellationToken = default)
    {
        if (!team.CanEdit)
        {
            throw new ForbiddenException("Only owners and editors register campaigns.");
        }
        await using var db = await contexts.CreateForTeamAsync(team, cancellationToken);
        var key = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Id == keyId, cancellationToken)
            ?? throw new NotFoundException("There is no such key in this team.");
        var connection = vault.Connection(key);
        var client = clients.Create();
        var outcomes = new List<RegisterOutcome>();
        foreach (var id in campaignIds.Select(i => i.Trim()).Where(i => i.Length > 0).Distinct(StringComparer.Ordinal))
        {
            if (Identifiers.IdProblem(id) is { } problem)
            {
                outcomes.Add(new RegisterOutcome(Identifiers.Defang(id.Length > 64 ? id[..64] + "…" : id), false, problem));
                continue;
            }
            CampaignSummary summary;
            try
            {
                summary = await client.GetCampaignAsync(connection, id, cancellationToken);
            }
            catch (SoundlinkApiException ex)
            {
                outcomes.Add(new RegisterOutcome(id, false, KeyVault.Describe(ex)));
                continue;
            }
            var campaign = await db.Campaigns.SingleOrDefaultAsync(c => c.CampaignId == id, cancellationToken);
            if (campaign is null)
            {
                campaign = new Campaign
                {
                    TeamId = team.TeamId,
                    Provider = "soundlink",
                    AccountId = summary.OrganizationId ?? "",
                    CampaignId = id,
                    Name = summary.Label,
                };
                db.Campaigns.Add(campaign);
            }
            else if (campaign.AccountId.Length > 0 && summary.OrganizationId is { } org && org != campaign.AccountId)
            {
                outcomes.Add(new RegisterOutcome(id, false, $"This campaign's data here belongs to account {campaign.AccountId}, the key's to {org}."));
                continue;
            }
            campaign.RegisterUnder(key.Id, time.GetUtcNow());
            campaign.ApiLabel = summary.Label;
            campaign.ApiStatus = summary.Status;
            campaign.DailyBudget = summary.DailyBudget;
            campaign.SyncFrom = summary.CreatedAt is { } created ? DateOnly.FromDateTime(created.UtcDateTime) : campaign.SyncFrom ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            outcomes.Add(new RegisterOutcome(id, true, null));
        }
        await db.SaveChangesAsync(cancellationToken);
        return outcomes;
    }

    /// <summary>Starts a run now (or joins the running one) without waiting for it.</summary>
    public async Task SyncNowAsync(ClaimsPrincipal user, string teamSlug, int campaignKey, CancellationToken cancellationToken = default)
    {
        var team = await access.RequireAsync(user, teamSlug, TeamRole.Editor, cancellationToken);
        var campaign = await FindRegisteredAsync(team, campaignKey, cancellationToken);
        _ = runner.RunAsync(campaign.Id, SyncTrigger.Manual, CancellationToken.None);
    }

    /// <summary>Runs and waits (the CLI).</summary>
    public async Task<SyncRunResult> SyncAsync(TeamContext team, int campaignKey, SyncTrigger trigger, CancellationToken cancellationToken = default)
    {
        var campaign = await FindRegisteredAsync(team, campaignKey, cancellationToken);
        return await runner.RunAsync(campaign.Id, trigger, cancellationToken);
    }

    public async Task<IReadOnlyList<SyncRunView>> RunsAsync(ClaimsPrincipal user, string teamSlug, int campaignKey, int take = 20,
        CancellationToken cancellationToken = default)
    {
        var team = await access.RequireAsync(user, teamSlug, TeamRole.Viewer, cancellationToken);
        await using var db = await contexts.CreateForTeamAsync(team, cancellationToken);
        if (!await db.Campaigns.AnyAsync(c => c.Id == campaignKey, cancellationToken))
        {
            throw new NotFoundException("There is no such campaign in this team.");
        }
        var runs = await db.SyncRuns.AsNoTracking().Where(r => r.CampaignKey == campaignKey).OrderByDescending(r => r.Id).Take(take)
            .ToListAsync(cancellationToken);
        return runs.Select(View).ToList();
    }

    private async Task<Campaign> FindRegisteredAsync(TeamContext team, int campaignKey, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateForTeamAsync(team, cancellationToken);
        var campaign = await db.Campaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == campaignKey, cancellationToken)
            ?? throw new NotFoundException("There is no such campaign in this team.");
        return campaign.ApiKeyId is null
            ? throw new InvalidInputException("Campaign", "This campaign is not registered under a key, so it cannot be synced.")
            : campaign;
    }

    private static SyncRunView View(SyncRun r) => new(r.Id, r.Trigger, r.StartedAt, r.FinishedAt, r.WindowFrom, r.WindowTo, r.Slices,
        r.SlicesDone, r.RowsRead, r.Inserted, r.Updated, r.Unchanged, r.Rejected, r.Outcome, r.ErrorCode, r.ErrorMessage, r.RequestId, r.HttpStatus,
        r.SliceRetries, r.RejectedKinds is null ? new Dictionary<string, long>()
            : System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, long>>(r.RejectedKinds) ?? []);
}
