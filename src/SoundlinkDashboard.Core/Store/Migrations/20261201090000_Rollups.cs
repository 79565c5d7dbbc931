using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SoundlinkDashboard.Core.Store.Migrations
{
    /// <summary>
    /// Pre-aggregated sums of MetricRows for the dashboard's queries, hand-written like MetricRows (no EF model
    /// change, hence no designer file). For a set of campaigns: per campaign and day, and per campaign, country and
    /// month (MetricRows itself is per campaign, day and country). For all of a team's campaigns: per day, per
    /// day and country, and per country and month. Month = the day number of the month's first day. Every table
    /// is keyed by currency too, since money is never summed across currencies. Each row holds the number of
    /// metric rows, the sums, the number of rows that reported each nullable count (whose sum is NULL when that
    /// is 0, as SUM over the rows gives) and the conditional sums behind the ratios. <see cref="MetricRowWriter"/>
    /// keeps them current; this migration fills them from the rows already stored.
    /// </summary>
    [DbContext(typeof(AppDbContext))]
    [Migration("20261201090000_Rollups")]
    public partial class Rollups : Migration
    {
        private const string MeasureColumns = """
                Rows INTEGER NOT NULL,
                Impressions INTEGER NULL,
                ImpressionsRows INTEGER NOT NULL,
                AdClicks INTEGER NULL,
                AdClicksRows INTEGER NOT NULL,
                LinkClicks INTEGER NULL,
                LinkClicksRows INTEGER NOT NULL,
                Streams INTEGER NOT NULL,
                Listeners INTEGER NOT NULL,
                Followers INTEGER NOT NULL,
                SpendMedia INTEGER NOT NULL,
                SpendTotal INTEGER NOT NULL,
                Fees INTEGER NOT NULL,
                LinkClicksWithImpressions INTEGER NOT NULL,
                ImpressionsWithLinkClicks INTEGER NOT NULL,
                AdClicksWithImpressions INTEGER NOT NULL,
                ImpressionsWithAdClicks INTEGER NOT NULL,
                SpendMediaWithLinkClicks INTEGER NOT NULL,
                SpendMediaWithImpressions INTEGER NOT NULL,
                StreamsWithLinkClicks INTEGER NOT NULL,
            """;

        private const string MeasureNames = """
            Rows, Impressions, ImpressionsRows, AdClicks, AdClicksRows, LinkClicks, LinkClicksRows,
                Streams, Listeners, Followers, SpendMedia, SpendTotal, Fees,
                LinkClicksWithImpressions, ImpressionsWithLinkClicks, AdClicksWithImpressions, ImpressionsWithAdClicks,
                SpendMediaWithLinkClicks, SpendMediaWithImpressions, StreamsWithLinkClicks
            """;

        /// <summary>The measures summed over the MetricRows m of a group, in <see cref="MeasureNames"/> order.</summary>
        private const string MeasureSums = """
            COUNT(*),
                SUM(m.Impressions), COUNT(m.Impressions),
                SUM(m.AdClicks), COUNT(m.AdClicks),
                SUM(m.LinkClicks), COUNT(m.LinkClicks),
                SUM(m.Streams), SUM(m.Listeners), SUM(m.Followers),
                SUM(m.SpendMedia), SUM(m.SpendTotal), SUM(m.Fees),
                SUM(CASE WHEN m.Impressions IS NOT NULL THEN IFNULL(m.LinkClicks, 0) ELSE 0 END),
                SUM(CASE WHEN m.LinkClicks IS NOT NULL THEN IFNULL(m.Impressions, 0) ELSE 0 END),
                SUM(CASE WHEN m.Impressions IS NOT NULL THEN IFNULL(m.AdClicks, 0) ELSE 0 END),
                SUM(CASE WHEN m.AdClicks IS NOT NULL THEN IFNULL(m.Impressions, 0) ELSE 0 END),
                SUM(CASE WHEN m.LinkClicks IS NOT NULL THEN m.SpendMedia ELSE 0 END),
                SUM(CASE WHEN m.Impressions IS NOT NULL THEN m.SpendMedia ELSE 0 END),
                SUM(CASE WHEN m.LinkClicks IS NOT NULL THEN m.Streams ELSE 0 END)
            """;

        /// <summary>The first day of the month of day m.Day, as a day number.</summary>
        private const string MonthOfDay =
            "CAST(julianday(date(m.Day * 86400, 'unixepoch', 'start of month')) - 2440587.5 AS INTEGER)";

        /// <summary>
        /// Each table: its name, its key columns (the first references the campaign or the team, rows go with it),
        /// and the same key computed over MetricRows m joined to Campaigns c.
        /// </summary>
        private static readonly (string Name, string Key, string KeyOfRow)[] Tables =
        [
            ("CampaignDayTotals",
                "CampaignKey INTEGER NOT NULL REFERENCES Campaigns (Id) ON DELETE CASCADE, Day INTEGER NOT NULL, Currency TEXT NOT NULL",
                $"m.CampaignKey, m.Day, m.Currency"),
            ("CampaignCountryMonthTotals",
                "CampaignKey INTEGER NOT NULL REFERENCES Campaigns (Id) ON DELETE CASCADE, Country TEXT NOT NULL, Month INTEGER NOT NULL, Currency TEXT NOT NULL",
                $"m.CampaignKey, m.Country, {MonthOfDay}, m.Currency"),
            ("TeamDayTotals",
                "TeamId INTEGER NOT NULL REFERENCES Teams (Id) ON DELETE CASCADE, Day INTEGER NOT NULL, Currency TEXT NOT NULL",
                "c.TeamId, m.Day, m.Currency"),
            ("TeamCountryDayTotals",
                "TeamId INTEGER NOT NULL REFERENCES Teams (Id) ON DELETE CASCADE, Day INTEGER NOT NULL, Country TEXT NOT NULL, Currency TEXT NOT NULL",
                "c.TeamId, m.Day, m.Country, m.Currency"),
            ("TeamCountryMonthTotals",
                "TeamId INTEGER NOT NULL REFERENCES Teams (Id) ON DELETE CASCADE, Country TEXT NOT NULL, Month INTEGER NOT NULL, Currency TEXT NOT NULL",
                $"c.TeamId, m.Country, {MonthOfDay}, m.Currency"),
        ];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var (name, key, keyOfRow) in Tables)
            {
                var keyNames = string.Join(", ", key.Split(", ").Select(column => column.Split(' ')[0]));
                migrationBuilder.Sql($"""
                    CREATE TABLE {name} (
                        {key.Replace(", ", ",\n    ", StringComparison.Ordinal)},
                    {MeasureColumns}
                        PRIMARY KEY ({keyNames})
                    ) WITHOUT ROWID;
                    """);
                migrationBuilder.Sql($"""
                    INSERT INTO {name} ({keyNames}, {MeasureNames})
                    SELECT {keyOfRow}, {MeasureSums}
                    FROM MetricRows m JOIN Campaigns c ON c.Id = m.CampaignKey
                    GROUP BY {keyOfRow};
                    """);
            }

            // Deleting a team cascades to all five tables, deleting a campaign to its own two. The team tables are
            // then rebuilt from the team's other campaigns (before the campaign's rows go; rare, admin-only, so
            // simple beats fast). During a team's deletion the team row is already gone: nothing to rebuild.
            var rebuilds = Tables.Where(t => t.Name.StartsWith("Team", StringComparison.Ordinal)).Select(t => $"""
                    DELETE FROM {t.Name} WHERE TeamId = old.TeamId;
                    INSERT INTO {t.Name} ({string.Join(", ", t.Key.Split(", ").Select(column => column.Split(' ')[0]))}, {MeasureNames})
                    SELECT {t.KeyOfRow}, {MeasureSums}
                    FROM MetricRows m JOIN Campaigns c ON c.Id = m.CampaignKey
                    WHERE c.TeamId = old.TeamId AND m.CampaignKey <> old.Id
                    GROUP BY {t.KeyOfRow};
                """);
            migrationBuilder.Sql($"""
                CREATE TRIGGER Campaigns_Delete_TeamTotals BEFORE DELETE ON Campaigns
                WHEN EXISTS (SELECT 1 FROM Teams WHERE Id = old.TeamId)
                BEGIN
                {string.Join("\n", rebuilds)}
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER Campaigns_Delete_TeamTotals;");
            foreach (var (name, _, _) in Enumerable.Reverse(Tables))
            {
                migrationBuilder.Sql($"DROP TABLE {name};");
            }
        }
    }
}
