using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using SoundlinkDashboard.Core.Sharing;
using SoundlinkDashboard.Core.Store;
using SoundlinkDashboard.Tests.Support;

namespace SoundlinkDashboard.Core.Tests.Sharing;

/// <summary>The ShareScope migration carries links stored as text (one id per line) over to rows, without widening any.</summary>
public sealed class ShareScopeMigrationTests
{
    private const string Before = "20261201090000_Rollups";

    [Fact]
    public async Task Existing_links_become_rows_an_id_with_a_line_break_stays_one_id_and_a_blank_scope_pins_nothing()
    {
        await using var store = await TestStore.CreateAtMigrationAsync(Before);
        var team = await store.CreateTeamAsync();
        await using (var connection = await store.Store.OpenAsync())
        {
            foreach (var campaign in new[] { "camp-a", "camp-b", "e-one\ncamp-b" })
            {
                await using var insert = connection.CreateCommand();
                insert.CommandText = """
                    INSERT INTO Campaigns (TeamId, Provider, AccountId, CampaignId, Name, SyncState)
                    VALUES ($t, 'soundlink', 'a7ac3173-2f71-4e79-921f-d15d7112dd11', $c, $c, 0)
                    """;
                insert.Parameters.AddWithValue("$t", team);
                insert.Parameters.AddWithValue("$c", campaign);
                await insert.ExecuteNonQueryAsync();
            }
            (string Name, string Campaigns, string Countries)[] links =
            [
                ("two", "camp-a\ncamp-b", ""),
                ("blank", " ", ""),
                ("multi-line id", "e-one\ncamp-b", "us\n DE \n"),
                ("untidy", "\ncamp-a \n\ncamp-a\n", "\n \n"),
                ("bad countries", "camp-a", "USA"),
            ];
            foreach (var (name, campaigns, countries) in links)
            {
                await using var insert = connection.CreateCommand();
                insert.CommandText = """
                    INSERT INTO ShareLinks (TeamId, Name, TokenHash, CampaignIds, Countries, Metrics, RollingDays, ViewerMayChangeDates, AllowCsv,
                        CreatedByUserId, CreatedAt, ExpiresAt, ViewCount)
                    VALUES ($t, $n, $h, $c, $k, 'streams', 28, 0, 1, 'someone', 0, 4102444800000, 7)
                    """;
                insert.Parameters.AddWithValue("$t", team);
                insert.Parameters.AddWithValue("$n", name);
                insert.Parameters.AddWithValue("$h", ShareTokens.Hash(name));
                insert.Parameters.AddWithValue("$c", campaigns);
                insert.Parameters.AddWithValue("$k", countries);
                await insert.ExecuteNonQueryAsync();
            }
        }

        await using (var migrating = await store.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            await migrating.GetService<IMigrator>().MigrateAsync();
        }

        await using var db = await store.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var stored = (await db.ShareLinks.IgnoreQueryFilters().AsNoTracking().ToListAsync()).ToDictionary(l => l.Name);
        Assert.Equal(5, stored.Count);
        Assert.All(stored.Values, l => Assert.False(l.AllCampaigns));
        Assert.Equal(["camp-a", "camp-b"], stored["two"].CampaignIds.Order(StringComparer.Ordinal));
        Assert.True(stored["two"].AllCountries);
        Assert.Empty(stored["blank"].CampaignIds);
        Assert.Equal(["e-one\ncamp-b"], stored["multi-line id"].CampaignIds);
        Assert.Equal(["DE", "US"], stored["multi-line id"].CountryCodes.Order(StringComparer.Ordinal));
        Assert.False(stored["multi-line id"].AllCountries);
        Assert.Equal(["camp-a"], stored["untidy"].CampaignIds);
        Assert.True(stored["untidy"].AllCountries);
        // Countries that were never valid pin none rather than every country.
        Assert.Empty(stored["bad countries"].CountryCodes);
        Assert.False(stored["bad countries"].AllCountries);
        // The rest of each link is as it was.
        Assert.All(stored.Values, l =>
        {
            Assert.Equal(ShareTokens.Hash(l.Name), l.TokenHash);
            Assert.Equal(7, l.ViewCount);
            Assert.Equal(28, l.RollingDays);
            Assert.True(l.AllowCsv);
        });
    }
}
