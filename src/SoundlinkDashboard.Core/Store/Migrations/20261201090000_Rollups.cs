using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SoundlinkDashboard.Core.Store.Migrations
{
    /// <summary>
    /// Pre-aggregated sums of MetricRows for the dashboard's queries, hand-written like MetricRows (no EF model
    /// change, hence no designer file): per campaign and day, per team, day and country, and per campaign,
    /// country and month (Month = the day number of the month's first day). Every table is keyed by currency
    /// too, since money is never summed across currencies. Each holds the row count, the sums, the number of
    /// rows that reported each nullable count (its sum is NULL when that is 0, as SUM over the rows gives) and
    /// the conditional sums behind the ratios. <see cref="MetricRowWriter"/> keeps them current; this
    /// migration fills them from the rows already stored.
    /// </summary>
    [DbContext(typeof(AppDbContext))]
    [Migration("20261201090000_Rollups")]
    public partial class Rollups : Migration
    {
        private const string Measures = """
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

        /// <summary>The measures summed over the MetricRows m of a group.</summary>
        private const string MeasureSums = """
            COUNT(*) AS Rows,
                SUM(m.Impressions) AS Impressions, COUNT(m.Impressions) AS ImpressionsRows,
                SUM(m.AdClicks) AS AdClicks, COUNT(m.AdClicks) AS AdClicksRows,
                SUM(m.LinkClicks) AS LinkClicks, COUNT(m.LinkClicks) AS LinkClicksRows,
                SUM(m.Streams) AS Streams, SUM(m.Listeners) AS Listeners, SUM(m.Followers) AS Followers,
                SUM(m.SpendMedia) AS SpendMedia, SUM(m.SpendTotal) AS SpendTotal, SUM(m.Fees) AS Fees,
                SUM(CASE WHEN m.Impressions IS NOT NULL THEN IFNULL(m.LinkClicks, 0) ELSE 0 END) AS LinkClicksWithImpressions,
                SUM(CASE WHEN m.LinkClicks IS NOT NULL THEN IFNULL(m.Impressions, 0) ELSE 0 END) AS ImpressionsWithLinkClicks,
                SUM(CASE WHEN m.Impressions IS NOT NULL THEN IFNULL(m.AdClicks, 0) ELSE 0 END) AS AdClicksWithImpressions,
                SUM(CASE WHEN m.AdClicks IS NOT NULL THEN IFNULL(m.Impressions, 0) ELSE 0 END) AS ImpressionsWithAdClicks,
                SUM(CASE WHEN m.LinkClicks IS NOT NULL THEN m.SpendMedia ELSE 0 END) AS SpendMediaWithLinkClicks,
                SUM(CASE WHEN m.Impressions IS NOT NULL THEN m.SpendMedia ELSE 0 END) AS SpendMediaWithImpressions,
                SUM(CASE WHEN m.LinkClicks IS NOT NULL THEN m.Streams ELSE 0 END) AS StreamsWithLinkClicks
            """;

        /// <summary>The first day of the month of day m.Day, as a day number.</summary>
        private const string MonthOfDay =
            "CAST(julianday(date(m.Day * 86400, 'unixepoch', 'start of month')) - 2440587.5 AS INTEGER)";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"""
                CREATE TABLE CampaignDayTotals (
                    CampaignKey INTEGER NOT NULL REFERENCES Campaigns (Id) ON DELETE CASCADE,
                    Day INTEGER NOT NULL,
                    Currency TEXT NOT NULL,
                {Measures}
                    PRIMARY KEY (CampaignKey, Day, Currency)
                ) WITHOUT ROWID;
                """);
            migrationBuilder.Sql($"""
                CREATE TABLE TeamCountryDayTotals (
                    TeamId INTEGER NOT NULL REFERENCES Teams (Id) ON DELETE CASCADE,
                    Day INTEGER NOT NULL,
                    Country TEXT NOT NULL,
                    Currency TEXT NOT NULL,
                {Measures}
                    PRIMARY KEY (TeamId, Day, Country, Currency)
                ) WITHOUT ROWID;
                """);
            migrationBuilder.Sql($"""
                CREATE TABLE CampaignCountryMonthTotals (
                    CampaignKey INTEGER NOT NULL REFERENCES Campaigns (Id) ON DELETE CASCADE,
                    Country TEXT NOT NULL,
                    Month INTEGER NOT NULL,
                    Currency TEXT NOT NULL,
                {Measures}
                    PRIMARY KEY (CampaignKey, Country, Month, Currency)
                ) WITHOUT ROWID;
                """);

            // Deleting a team cascades to all three tables. Deleting one campaign cascades to its own two, and
            // this takes its rows out of its team's totals first (while its MetricRows still exist). During a
            // team's deletion the team row is already gone, the team totals go by their own cascade, and this
            // does nothing.
            migrationBuilder.Sql($"""
                CREATE TRIGGER Campaigns_Delete_TeamCountryDayTotals BEFORE DELETE ON Campaigns
                WHEN EXISTS (SELECT 1 FROM Teams WHERE Id = old.TeamId)
                BEGIN
                    UPDATE TeamCountryDayTotals SET
                        Rows = TeamCountryDayTotals.Rows - s.Rows,
                        Impressions = CASE WHEN TeamCountryDayTotals.ImpressionsRows = s.ImpressionsRows THEN NULL ELSE TeamCountryDayTotals.Impressions - IFNULL(s.Impressions, 0) END,
                        ImpressionsRows = TeamCountryDayTotals.ImpressionsRows - s.ImpressionsRows,
                        AdClicks = CASE WHEN TeamCountryDayTotals.AdClicksRows = s.AdClicksRows THEN NULL ELSE TeamCountryDayTotals.AdClicks - IFNULL(s.AdClicks, 0) END,
                        AdClicksRows = TeamCountryDayTotals.AdClicksRows - s.AdClicksRows,
                        LinkClicks = CASE WHEN TeamCountryDayTotals.LinkClicksRows = s.LinkClicksRows THEN NULL ELSE TeamCountryDayTotals.LinkClicks - IFNULL(s.LinkClicks, 0) END,
                        LinkClicksRows = TeamCountryDayTotals.LinkClicksRows - s.LinkClicksRows,
                        Streams = TeamCountryDayTotals.Streams - s.Streams,
                        Listeners = TeamCountryDayTotals.Listeners - s.Listeners,
                        Followers = TeamCountryDayTotals.Followers - s.Followers,
                        SpendMedia = TeamCountryDayTotals.SpendMedia - s.SpendMedia,
                        SpendTotal = TeamCountryDayTotals.SpendTotal - s.SpendTotal,
                        Fees = TeamCountryDayTotals.Fees - s.Fees,
                        LinkClicksWithImpressions = TeamCountryDayTotals.LinkClicksWithImpressions - s.LinkClicksWithImpressions,
                        ImpressionsWithLinkClicks = TeamCountryDayTotals.ImpressionsWithLinkClicks - s.ImpressionsWithLinkClicks,
                        AdClicksWithImpressions = TeamCountryDayTotals.AdClicksWithImpressions - s.AdClicksWithImpressions,
                        ImpressionsWithAdClicks = TeamCountryDayTotals.ImpressionsWithAdClicks - s.ImpressionsWithAdClicks,
                        SpendMediaWithLinkClicks = TeamCountryDayTotals.SpendMediaWithLinkClicks - s.SpendMediaWithLinkClicks,
                        SpendMediaWithImpressions = TeamCountryDayTotals.SpendMediaWithImpressions - s.SpendMediaWithImpressions,
                        StreamsWithLinkClicks = TeamCountryDayTotals.StreamsWithLinkClicks - s.StreamsWithLinkClicks
                    FROM (
                        SELECT m.Day, m.Country, m.Currency, {MeasureSums}
                        FROM MetricRows m WHERE m.CampaignKey = old.Id
                        GROUP BY m.Day, m.Country, m.Currency
                    ) AS s
                    WHERE TeamCountryDayTotals.TeamId = old.TeamId AND TeamCountryDayTotals.Day = s.Day AND TeamCountryDayTotals.Country = s.Country AND TeamCountryDayTotals.Currency = s.Currency;
                    DELETE FROM TeamCountryDayTotals WHERE TeamId = old.TeamId AND Rows = 0;
                END;
                """);

            migrationBuilder.Sql($"""
                INSERT INTO CampaignDayTotals (CampaignKey, Day, Currency, {MeasureNames})
                SELECT m.CampaignKey, m.Day, m.Currency, {MeasureSums}
                FROM MetricRows m
                GROUP BY m.CampaignKey, m.Day, m.Currency;
                """);
            migrationBuilder.Sql($"""
                INSERT INTO TeamCountryDayTotals (TeamId, Day, Country, Currency, {MeasureNames})
                SELECT c.TeamId, m.Day, m.Country, m.Currency, {MeasureSums}
                FROM MetricRows m JOIN Campaigns c ON c.Id = m.CampaignKey
                GROUP BY c.TeamId, m.Day, m.Country, m.Currency;
                """);
            migrationBuilder.Sql($"""
                INSERT INTO CampaignCountryMonthTotals (CampaignKey, Country, Month, Currency, {MeasureNames})
                SELECT m.CampaignKey, m.Country, {MonthOfDay}, m.Currency, {MeasureSums}
                FROM MetricRows m
                GROUP BY m.CampaignKey, m.Country, {MonthOfDay}, m.Currency;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER Campaigns_Delete_TeamCountryDayTotals;");
            migrationBuilder.Sql("DROP TABLE CampaignCountryMonthTotals;");
            migrationBuilder.Sql("DROP TABLE TeamCountryDayTotals;");
            migrationBuilder.Sql("DROP TABLE CampaignDayTotals;");
        }
    }
}
