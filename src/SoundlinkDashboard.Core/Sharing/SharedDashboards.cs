using Microsoft.EntityFrameworkCore;
using SoundlinkDashboard.Core.Metrics;
using SoundlinkDashboard.Core.Store;
using SoundlinkDashboard.Core.Teams;

namespace SoundlinkDashboard.Core.Sharing;

/// <summary>A valid link as its viewer may use it: the team's name and the pinned scope, never the token or its hash.</summary>
/// <remarks>
/// "Everything" is only ever <see cref="AllCampaigns"/> or <see cref="AllCountries"/>; without them the lists are the whole
/// scope, and an empty list is an empty scope.
/// </remarks>
public sealed record SharedView(int LinkId, string TeamName, string LinkName, IReadOnlyList<string> CampaignIds,
    IReadOnlyList<string> Countries, IReadOnlyList<string> Metrics, DateOnly From, DateOnly To, bool ViewerMayChangeDates,
    bool AllowCsv, DateTimeOffset ExpiresAt)
{
    internal int TeamId { get; init; }
    public bool AllCampaigns { get; init; }
    public bool AllCountries { get; init; }
}

/// <summary>What a viewer asks for; anything outside the link's scope is ignored.</summary>
public sealed record SharedRequest(DateOnly? From = null, DateOnly? To = null, IReadOnlyList<string>? Countries = null,
    MetricsGrouping Grain = MetricsGrouping.Day);

/// <summary>
/// The dashboard behind a share link, for a viewer without an account. Every call looks the token up again (by its
/// SHA-256), so a revoked, expired or regenerated link stops answering at once; the numbers are only ever those of
/// the link's pinned scope, whatever the request says.
/// </summary>
public sealed class SharedDashboards(IDbContextFactory<AppDbContext> contexts, DashboardQueries queries, TimeProvider time)
{
    /// <summary>Longest window a viewer may pick when the link lets them move the dates.</summary>
    public const int MaxViewerDays = 3660;

    /// <param name="touch">Records the use (last use; a view with <paramref name="countView"/>); false only checks the token.</param>
    /// <returns>null for a token that is unknown, expired or revoked: callers answer all three the same way.</returns>
    public async Task<SharedView?> OpenAsync(string? token, bool countView = false, CancellationToken cancellationToken = default,
        bool touch = true)
    {
        var found = await FindAsync(token, cancellationToken);
        if (found is not { } link)
        {
            return null;
        }
        if (!touch)
        {
            return View(link.Link, link.TeamName);
        }
        var now = time.GetUtcNow();
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            // Bookkeeping only; the link's own rows are addressed by id, as no team is signed in here.
            var update = db.ShareLinks.IgnoreQueryFilters().Where(l => l.Id == link.Link.Id);
            if (countView)
            {
                await update.ExecuteUpdateAsync(s => s.SetProperty(l => l.LastUsedAt, now).SetProperty(l => l.ViewCount, l => l.ViewCount + 1),
                    cancellationToken);
            }
            else
            {
                await update.ExecuteUpdateAsync(s => s.SetProperty(l => l.LastUsedAt, now), cancellationToken);
            }
        }
        return View(link.Link, link.TeamName);
    }

    /// <returns>null when the link no longer works.</returns>
    public async Task<(SharedView View, DashboardSnapshot Snapshot)?> LoadAsync(string? token, SharedRequest request,
        CancellationToken cancellationToken = default)
    {
        var view = await OpenAsync(token, cancellationToken: cancellationToken);
        if (view is null)
        {
            return null;
        }
        return (view, await queries.LoadAsync(Team(view), Scope(view, request), cancellationToken));
    }

    /// <returns>null when the link no longer works or does not allow downloads.</returns>
    public async Task<(SharedView View, IReadOnlyList<MetricsGroup> Groups)?> ExportAsync(string? token, SharedRequest request, bool daily,
        CancellationToken cancellationToken = default)
    {
        var view = await OpenAsync(token, cancellationToken: cancellationToken);
        if (view is not { AllowCsv: true })
        {
            return null;
        }
        var scoped = Scope(view, request);
        var groups = daily
            ? await queries.DailyAsync(Team(view), scoped, cancellationToken)
            : (await queries.LoadAsync(Team(view), scoped, cancellationToken)).ByCountry;
        return (view, groups);
    }

    /// <summary>The request cut down to the link: its campaigns always, countries within its own, its dates unless it lets the viewer move them.</summary>
    public static DashboardRequest Scope(SharedView view, SharedRequest request)
    {
        var (from, to) = (view.From, view.To);
        if (view.ViewerMayChangeDates && request.From is { } f && request.To is { } t && f <= t && t.DayNumber - f.DayNumber < MaxViewerDays)
        {
            (from, to) = (f, t);
        }
        var asked = (request.Countries ?? []).Select(c => c.ToUpperInvariant()).Distinct().ToList();
        var countries = view.AllCountries ? asked : asked.Where(view.Countries.Contains).ToList();
        if (countries.Count == 0 && !view.AllCountries)
        {
            countries = view.Countries.ToList();
        }
        // A scope that is a list stays a list, even an empty one: DashboardQueries answers an empty scope with nothing.
        return new DashboardRequest(from, to, view.AllCampaigns ? [] : view.CampaignIds, countries, request.Grain,
            view.AllCampaigns ? null : view.CampaignIds, view.AllCountries ? null : view.Countries);
    }

    private async Task<(ShareLink Link, string TeamName)?> FindAsync(string? token, CancellationToken cancellationToken)
    {
        if (!ShareTokens.LooksValid(token))
        {
            return null;
        }
        var hash = ShareTokens.Hash(token!);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // The token is the credential here: the lookup is by its hash across teams, then the team comes from the link.
        var found = await db.ShareLinks.IgnoreQueryFilters().AsNoTracking()
            .Where(l => l.TokenHash == hash)
            .Join(db.Teams, l => l.TeamId, t => t.Id, (l, t) => new { Link = l, TeamName = t.Name })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null || !ShareTokens.Matches(found.Link.TokenHash, token!) ||
            found.Link.RevokedAt is not null || found.Link.ExpiresAt <= time.GetUtcNow())
        {
            return null;
        }
        return (found.Link, found.TeamName);
    }

    private SharedView View(ShareLink link, string teamName)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var (from, to) = link.RollingDays is { } days
            ? (today.AddDays(1 - days), today)
            : (link.FixedFrom ?? today, link.FixedTo ?? today);
        return new SharedView(link.Id, teamName, link.Name, link.CampaignIds, link.CountryCodes,
            ShareLink.Split(link.Metrics), from, to, link.ViewerMayChangeDates, link.AllowCsv, link.ExpiresAt)
        {
            TeamId = link.TeamId,
            AllCampaigns = link.AllCampaigns,
            AllCountries = link.AllCountries,
        };
    }

    private static TeamContext Team(SharedView view) => TeamAccess.ForShareLink(view.TeamId, view.TeamName, view.LinkId);
}
