using SoundlinkDashboard.Core.Store;
using SoundlinkDashboard.Core.Teams;

namespace SoundlinkDashboard.Core.Campaigns;

/// <summary>
/// A Soundlink campaign as seen in a team's data. Campaign-level fields live here, not on every metric row;
/// the name and targets follow the newest export.
/// </summary>
public sealed class Campaign : ITeamOwned
{
    public int Id { get; set; }
    public int TeamId { get; set; }
    public Team? Team { get; set; }
    public required string Provider { get; set; }
    public required string AccountId { get; set; }
    public required string CampaignId { get; set; }
    public required string Name { get; set; }
    public string? TargetType { get; set; }
    public string? TargetIsrc { get; set; }
    public string? TargetSpotifyTrackId { get; set; }
    public string? TargetPlaylistId { get; set; }
    public DateOnly? FirstReportDate { get; set; }
    public DateOnly? LastReportDate { get; set; }
    /// <summary>exported_at of the row the name and targets were taken from.</summary>
    public DateTimeOffset? NameExportedAt { get; set; }

    /// <summary>What people see as the campaign's name: the API's label until rows bring the campaign name.</summary>
    public string DisplayName => DisplayNameOf(Name, ApiLabel, NameExportedAt);

    /// <summary>The display name rule, for queries that project the three fields instead of loading the campaign.</summary>
    public static string DisplayNameOf(string name, string? apiLabel, DateTimeOffset? nameExportedAt) =>
        nameExportedAt is null && apiLabel is not null ? apiLabel : name;

    // Sync registration: set when the campaign is synced from the API under one of the team's keys.
    public int? ApiKeyId { get; set; }
    public DateTimeOffset? RegisteredAt { get; set; }
    /// <summary>A readable label from the API (artist and track) until rows bring the campaign name.</summary>
    public string? ApiLabel { get; set; }
    public string? ApiStatus { get; set; }
    public decimal? DailyBudget { get; set; }
    /// <summary>First date to fetch: the campaign's creation date.</summary>
    public DateOnly? SyncFrom { get; set; }
    /// <summary>Every date up to here has been fetched at least once; moves only when a slice commits (<see cref="AdvanceSyncedThrough"/>).</summary>
    public DateOnly? SyncedThrough { get; private set; }

    // The sync state below changes only through the transitions that follow: this type is its one owner.
    public SyncState SyncState { get; private set; }
    public string? SyncProblem { get; private set; }
    public DateTimeOffset? LastSyncAt { get; private set; }
    public DateTimeOffset? NextSyncAt { get; private set; }

    /// <summary>Registered (again) under a key: due at once; a stopped campaign gets another chance.</summary>
    public void RegisterUnder(int keyId, DateTimeOffset now)
    {
        ApiKeyId = keyId;
        RegisteredAt ??= now;
        SyncState = SyncState == SyncState.Stopped ? SyncState.Failing : SyncState;
        NextSyncAt = now;
    }

    /// <summary>A run ended well: due again after the interval.</summary>
    public void SyncSucceeded(DateTimeOffset now, TimeSpan interval) => Ran(SyncState.Ok, null, now, interval);

    /// <summary>A run failed with a passing fault: the schedule tries again after the interval.</summary>
    public void SyncFailed(string problem, DateTimeOffset now, TimeSpan interval) => Ran(SyncState.Failing, problem, now, interval);

    /// <summary>The key or the campaign is unusable: no more runs until someone fixes it.</summary>
    public void SyncStopped(string problem, DateTimeOffset now) => Ran(SyncState.Stopped, problem, now, null);

    /// <summary>The campaign's key is unusable (revoked, expired, missing a scope): stopped until an owner fixes the key.</summary>
    public void KeyUnusable(string problem)
    {
        SyncState = SyncState.Stopped;
        SyncProblem = problem;
    }

    /// <summary>The campaign's key was deleted: it stays with its data, unregistered and stopped.</summary>
    public void KeyDeleted(string keyName)
    {
        ApiKeyId = null;
        SyncState = SyncState.Stopped;
        SyncProblem = $"Its key \"{keyName}\" was deleted: register the campaign under another key.";
    }

    /// <summary>The campaign's key was changed: a campaign stopped by the old key is due at once.</summary>
    public void KeyChanged(DateTimeOffset now)
    {
        if (SyncState != SyncState.Stopped)
        {
            return;
        }
        SyncState = SyncState.Failing;
        SyncProblem = "The key changed; the next sync will tell whether it works.";
        NextSyncAt = now;
    }

    private void Ran(SyncState state, string? problem, DateTimeOffset now, TimeSpan? interval)
    {
        SyncState = state;
        SyncProblem = problem;
        LastSyncAt = now;
        NextSyncAt = now + interval;
    }

    /// <summary>
    /// Moves <see cref="SyncedThrough"/> forward to <paramref name="to"/> inside a slice's own transaction (raw SQL, as the
    /// slice's rows are written): the date as EF Core stores a DateOnly on SQLite, yyyy-MM-dd text, so it sorts.
    /// </summary>
    public static void AdvanceSyncedThrough(Microsoft.Data.Sqlite.SqliteConnection connection, Microsoft.Data.Sqlite.SqliteTransaction transaction,
        int campaignKey, DateOnly to)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            UPDATE Campaigns SET SyncedThrough = CASE WHEN SyncedThrough IS NULL OR SyncedThrough < $to THEN $to ELSE SyncedThrough END
            WHERE Id = $id
            """;
        command.Parameters.AddWithValue("$to", to.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$id", campaignKey);
        command.ExecuteNonQuery();
    }
}

public enum SyncState
{
    NotSynced = 0,
    Ok = 1,
    /// <summary>The last run failed with a passing fault; the schedule tries again.</summary>
    Failing = 2,
    /// <summary>The key or the campaign is unusable (401/403/404); no more runs until someone fixes it.</summary>
    Stopped = 3,
}
