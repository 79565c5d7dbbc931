using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SoundlinkDashboard.Core.Store;

namespace SoundlinkDashboard.Core.Teams;

public sealed partial class TeamService(IDbContextFactory<AppDbContext> contexts, TimeProvider time)
{
    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")]
    private static partial Regex SlugPattern();

    /// <summary>Slugs are lower-case letters, digits and inner hyphens, at most 64 characters.</summary>
    public static string? ValidateSlug(string slug) => SlugPattern().IsMatch(slug)
        ? null
        : $"\"{slug}\" is not a valid team slug: use lower-case letters, digits and hyphens (at most 64, no hyphen at either end)";

    public static string NormalizeSlug(string slug) => slug.Trim().ToLowerInvariant();

    public async Task<Team> CreateAsync(string slug, string? name, CancellationToken cancellationToken = default)
    {
        slug = NormalizeSlug(slug);
        if (ValidateSlug(slug) is { } error)
        {
            throw new ArgumentException(error, nameof(slug));
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Teams.AnyAsync(t => t.Slug == slug, cancellationToken))
        {
            throw new InvalidOperationException($"a team with the slug \"{slug}\" already exists");
        }
        var team = new Team
        {
            Slug = slug,
            Name = string.IsNullOrWhiteSpace(name) ? slug : name.Trim(),
            CreatedAt = time.GetUtcNow(),
        };
        db.Teams.Add(team);
        await db.SaveChangesAsync(cancellationToken);
        return team;
    }

    public async Task<Team?> FindAsync(string slug, CancellationToken cancellationToken = default)
    {
        slug = NormalizeSlug(slug);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Teams.AsNoTracking().SingleOrDefaultAsync(t => t.Slug == slug, cancellationToken);
    }

    public async Task<IReadOnlyList<TeamSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var teams = await db.Teams.AsNoTracking().OrderBy(t => t.Name).ToListAsync(cancellationToken);
        var campaigns = await db.Campaigns.IgnoreQueryFilters().AsNoTracking()
            .GroupBy(c => c.TeamId)
            .Select(g => new { TeamId = g.Key, Count = g.Count(), Through = g.Max(c => c.LastReportDate) })
            .ToListAsync(cancellationToken);
        return teams.Select(t =>
        {
            var c = campaigns.FirstOrDefault(x => x.TeamId == t.Id);
            return new TeamSummary(t, c?.Count ?? 0, c?.Through);
        }).ToList();
    }
}

public sealed record TeamSummary(Team Team, int Campaigns, DateOnly? DataThrough);
