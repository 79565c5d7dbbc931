using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SoundlinkDashboard.Core.Campaigns;
using SoundlinkDashboard.Core.Store;
using SoundlinkDashboard.Core.Teams;

namespace SoundlinkDashboard.Core.Metrics;

/// <summary>What a dashboard view asks for: an inclusive UTC window and optional campaign and country filters.</summary>
/// <param name="Grain">How the trend groups the window: by day, ISO week or month.</param>
/// <param name="CampaignScope">The only campaigns this viewer may know of (a share link's); null for all. Empty: none, so
/// the answer is empty (never "no filter").</param>
/// <param name="CountryScope">The only countries this viewer may see (a share link's); null for all. Empty: none.</param>
public sealed record DashboardRequest(DateOnly From, DateOnly To, IReadOnlyList<string> CampaignIds, IReadOnlyList<string> Countries,
    MetricsGrouping Grain = MetricsGrouping.Day, IReadOnlyList<string>? CampaignScope = null, IReadOnlyList<string>? CountryScope = null);

public sealed record CampaignOption(string CampaignId, string Name);

/// <summary>How fresh the numbers are: the last sync, the last date with data, and from which date values may still change.</summary>
public sealed record Freshness(DateTimeOffset? LastSyncAt, DateOnly? DataThrough, DateOnly ProvisionalFrom, bool AnyFailing,
    bool HasKey, bool HasCampaigns);

/// <param name="ByCountry">The window's numbers per currency and country (the filter's countries only, when it has some).</param>
/// <param name="EveryCountry">The same without the country filter, for the map (where countries are picked).</param>
/// <param name="Daily">The window per currency and day (the KPI cards' sparklines).</param>
/// <param name="Trend">The window per currency and period of the request's grain.</param>
/// <param name="PreviousTrend">The previous period of equal length, grouped the same way (the trend's overlay).</param>
public sealed record DashboardSnapshot(TeamContext Team, PeriodComparison Comparison, IReadOnlyList<MetricsGroup> ByCountry,
    IReadOnlyList<MetricsGroup> EveryCountry,
    IReadOnlyList<CampaignOption> Campaigns, IReadOnlyList<string> Countries, Freshness Freshness,
    IReadOnlyList<MetricsGroup> Daily, IReadOnlyList<MetricsGroup> Trend, IReadOnlyList<MetricsGroup> PreviousTrend);

/// <summary>The dashboard's questions, for a signed-in member: every number comes from <see cref="MetricsService"/>.</summary>
public sealed class DashboardQueries(TeamAccess access, MetricsService metrics, IDbContextFactory<AppDbContext> contexts, TimeProvider time)
{
    /// <summary>Dates younger than this many closed days may still be revised (soundlink-api.md).</summary>
    public const int ProvisionalDays = 7;

    /// <summary>A scope given as a list that holds nothing: the answer is empty, whatever the filters say.</summary>
    private static bool EmptyScope(DashboardRequest request) => request.CampaignScope is { Count: 0 } || request.CountryScope is { Count: 0 };

    public DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    /// <summary>The window's numbers per currency and UTC day, for the daily series and its CSV.</summary>
    public async Task<IReadOnlyList<MetricsGroup>> DailyAsync(ClaimsPrincipal user, string teamSlug, DashboardRequest request,
        CancellationToken cancellationToken = default)
    {
        var team = await access.RequireAsync(user, teamSlug, TeamRole.Viewer, cancellationToken);
        return await DailyAsync(team, request, cancellationToken);
    }

    internal async Task<IReadOnlyList<MetricsGroup>> DailyAsync(TeamContext team, DashboardRequest request, CancellationToken cancellationToken)
    {
        if (EmptyScope(request))
        {
            return [];
        }
        return await metrics.QueryAsync(new MetricsFilter
        {
            TeamId = team.TeamId,
            From = request.From,
            To = request.To,
            CampaignIds = request.CampaignIds,
            Countries = request.Countries,
        }, MetricsGrouping.Day, cancellationToken);
    }

    public async Task<DashboardSnapshot> LoadAsync(ClaimsPrincipal user, string teamSlug, DashboardRequest request,
        CancellationToken cancellationToken = default)
    {
        var team = await access.RequireAsync(user, teamSlug, TeamRole.Viewer, cancellationToken);
        return await LoadAsync(team, request, cancellationToken);
    }

    /// <summary>The dashboard of a team the caller has already been granted (a member's, or a share link's scope).</summary>
    internal async Task<DashboardSnapshot> LoadAsync(TeamContext team, DashboardRequest request, CancellationToken cancellationToken)
    {
        if (EmptyScope(request))
        {
            var (previousFrom, previousTo) = MetricsService.PreviousPeriod(request.From, request.To);
            return new DashboardSnapshot(team, new PeriodComparison(request.From, request.To, previousFrom, previousTo, [], []), [], [], [], [],
                new Freshness(null, null, Today.AddDays(-ProvisionalDays), false, false, false), [], [], []);
        }
        var filter = new MetricsFilter
        {
            TeamId = team.TeamId,
            From = request.From,
            To = request.To,
            CampaignIds = request.CampaignIds,
            Countries = request.Countries,
        };
        var comparison = await metrics.CompareWithPreviousAsync(filter, cancellationToken);
        var allCountries = await metrics.QueryAsync(filter with { Countries = request.CountryScope ?? [] }, MetricsGrouping.Country, cancellationToken);
        var countries = allCountries.Select(g => g.CountryCode!).Distinct().Order(StringComparer.Ordinal).ToList();
        var daily = await metrics.QueryAsync(filter, MetricsGrouping.Day, cancellationToken);
        var grain = request.Grain is MetricsGrouping.Week or MetricsGrouping.Month ? request.Grain : MetricsGrouping.Day;
        var trend = grain == MetricsGrouping.Day ? daily : await metrics.QueryAsync(filter, grain, cancellationToken);
        var previousTrend = comparison.HasPrevious
            ? await metrics.QueryAsync(filter with { From = comparison.PreviousFrom, To = comparison.PreviousTo }, grain, cancellationToken)
            : [];
        var byCountry = request.Countries.Count == 0
            ? allCountries
            : allCountries.Where(g => request.Countries.Contains(g.CountryCode!, StringComparer.OrdinalIgnoreCase)).ToList();

        await using var db = await contexts.CreateForTeamAsync(team, cancellationToken);
        var campaigns = await db.Campaigns.AsNoTracking()
            .Where(c => request.CampaignScope == null || request.CampaignScope.Contains(c.CampaignId))
            .Select(c => new { c.CampaignId, c.Name, c.ApiLabel, c.NameExportedAt, c.LastSyncAt, c.LastReportDate, c.SyncState, c.ApiKeyId })
            .ToListAsync(cancellationToken);
        var hasKey = await db.ApiKeys.AnyAsync(cancellationToken);
        var freshness = new Freshness(
            campaigns.Max(c => c.LastSyncAt),
            campaigns.Max(c => c.LastReportDate),
            Today.AddDays(-ProvisionalDays),
            campaigns.Any(c => c.SyncState is SyncState.Failing or SyncState.Stopped),
            hasKey,
            campaigns.Count > 0);
        var options = campaigns
            .Select(c => new CampaignOption(c.CampaignId, Campaign.DisplayNameOf(c.Name, c.ApiLabel, c.NameExportedAt)))
            .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
        return new DashboardSnapshot(team, comparison, byCountry, allCountries, options, countries, freshness, daily, trend, previousTrend);
    }
}
