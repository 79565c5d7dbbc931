using System.Globalization;
using System.Net;
using Soundlink.Client.Export;

namespace Soundlink.Simulator.Tests;

public sealed class ExportTests : IAsyncLifetime
{
    private SimulatorFixture _sim = null!;
    private string _campaign = null!;

    public async Task InitializeAsync()
    {
        _sim = await SimulatorFixture.StartAsync();
        _campaign = _sim.Server.Simulator.Catalogue.CampaignsOf(SimulatorFixture.OrgA)
            .First(c => c.Start <= new DateOnly(2026, 10, 1) && c.LastDay >= new DateOnly(2026, 11, 27)).Id;
    }

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    private string ExportPath(string from, string to, string? campaign = null) =>
        $"/v1/campaigns/{campaign ?? _campaign}/metrics/breakdown/export?startDate={from}&endDate={to}";

    [Fact]
    public async Task An_export_is_ndjson_with_row_count_and_file_name_and_every_line_valid()
    {
        var response = await _sim.Http.SendAsync(_sim.Get(ExportPath("2026-11-01", "2026-11-10")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"breakdown_{_campaign}_2026-11-01_2026-11-10.jsonl", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var rows = await ReadAsync(response);
        Assert.Equal(int.Parse(response.Headers.GetValues("X-Row-Count").Single(), CultureInfo.InvariantCulture), rows.Count);
        Assert.All(rows, r => Assert.True(r.IsValid, r.Error));
        var dates = rows.Select(r => r.Row!.ReportDate).Distinct().ToList();
        Assert.Equal(new DateOnly(2026, 11, 1), dates.Min());
        Assert.Equal(new DateOnly(2026, 11, 10), dates.Max());
        Assert.Equal(10, dates.Count);
    }

    [Fact]
    public async Task Lines_are_sorted_by_date_then_country_and_ratios_follow_the_formulas()
    {
        var rows = (await ReadAsync(await _sim.Http.SendAsync(_sim.Get(ExportPath("2026-10-01", "2026-10-20"))))).Select(r => r.Row!).ToList();

        var keys = rows.Select(r => (r.ReportDate, r.CountryCode)).ToList();
        Assert.Equal(keys.OrderBy(k => k.ReportDate).ThenBy(k => k.CountryCode, StringComparer.Ordinal), keys);
        foreach (var row in rows)
        {
            Assert.Equal(row.Listeners == 0 ? 0 : Math.Round((double)row.SpendMedia / row.Listeners, 3), row.Cpl, 6);
            Assert.Equal(row.Followers == 0 ? 0 : Math.Round((double)row.SpendMedia / row.Followers, 3), row.Cpf, 6);
            Assert.Equal(row.Cpf, row.CostPerResult);
            Assert.Equal(row.SpendTotal - row.SpendMedia, row.Fees);
            if (row.SpendTotal > 5)
            {
                Assert.InRange(row.Fees / row.SpendTotal, 0.19m, 0.21m);
            }
            if (row.Impressions is null or 0)
            {
                Assert.Null(row.CtrLinkClick);
                Assert.Null(row.CtrAdClick);
            }
            if (row.LinkClicks is null or 0)
            {
                Assert.Null(row.CpcLinkClick);
            }
        }
    }

    [Theory]
    [InlineData("2026-08-01", "2026-10-29", HttpStatusCode.OK, null)]
    [InlineData("2026-08-01", "2026-10-30", HttpStatusCode.BadRequest, "invalid_query_parameter")]
    [InlineData("2026-11-02", "2026-11-01", HttpStatusCode.BadRequest, "invalid_date_range")]
    [InlineData("2026-11-31", "2026-12-01", HttpStatusCode.BadRequest, "invalid_query_parameter")]
    public async Task The_window_is_at_most_90_inclusive_days(string from, string to, HttpStatusCode status, string? code)
    {
        var response = await _sim.Http.SendAsync(_sim.Get(ExportPath(from, to)));

        if (code is null)
        {
            Assert.Equal(status, response.StatusCode);
        }
        else
        {
            await ApiContractTests.AssertErrorAsync(response, status, code);
        }
    }

    [Fact]
    public async Task The_same_seed_and_clock_give_the_same_bytes()
    {
        await using var other = await SimulatorFixture.StartAsync();

        var a = await (await _sim.Http.SendAsync(_sim.Get(ExportPath("2026-09-01", "2026-09-30")))).Content.ReadAsStringAsync();
        var b = await (await other.Http.SendAsync(other.Get(ExportPath("2026-09-01", "2026-09-30")))).Content.ReadAsStringAsync();

        Assert.Equal(a, b);
        Assert.NotEmpty(a);
    }

    [Fact]
    public async Task Recent_dates_are_revised_with_a_newer_exported_at_and_older_ones_are_frozen()
    {
        var before = await RowsAsync("2026-11-10", "2026-11-25");
        _sim.Time.Advance(TimeSpan.FromHours(30));
        var after = await RowsAsync("2026-11-10", "2026-11-25");

        var frozenDay = new DateOnly(2026, 11, 15);   // closed more than 7 days before both exports
        var recentDay = new DateOnly(2026, 11, 24);   // inside the revision window
        Assert.Equal(Values(before, frozenDay), Values(after, frozenDay));
        Assert.All(before.Where(r => r.ReportDate == frozenDay), r => Assert.Equal(new DateTimeOffset(2026, 11, 23, 3, 0, 0, TimeSpan.Zero), r.ExportedAt));
        Assert.True(after.Where(r => r.ReportDate == recentDay).All(r => r.ExportedAt > before.First(b => b.ReportDate == recentDay).ExportedAt));
        Assert.NotEqual(Values(before, recentDay), Values(after, recentDay));
    }

    [Fact]
    public async Task Data_is_realistic_countries_nulls_zero_days_and_weekend_lift()
    {
        var catalogue = _sim.Server.Simulator.Catalogue;
        Assert.All(catalogue.CampaignsOf(SimulatorFixture.OrgA), c => Assert.InRange(c.Countries.Count, 20, 60));
        var rows = new List<CampaignCountryDailyRow>();
        foreach (var window in new[] { ("2026-06-01", "2026-08-29"), ("2026-08-30", "2026-11-26") })
        {
            rows.AddRange(await RowsAsync(window.Item1, window.Item2));
        }

        Assert.Contains(rows, r => r.Impressions is null);
        Assert.Contains(rows, r => r.Listeners == 0);
        Assert.Contains(rows, r => r.CampaignTargetType is "track" or "playlist");
        var byWeekday = rows.GroupBy(r => r.ReportDate.DayOfWeek).ToDictionary(g => g.Key, g => g.Sum(r => r.SpendMedia) / g.Select(r => r.ReportDate).Distinct().Count());
        Assert.True(byWeekday[DayOfWeek.Saturday] > byWeekday[DayOfWeek.Monday]);
        // Spend follows the daily budget: about 80 % of it reaches Meta.
        var campaign = catalogue.Find(_campaign)!;
        var perDay = rows.GroupBy(r => r.ReportDate).Select(g => g.Sum(r => r.SpendTotal)).Average();
        Assert.InRange(perDay, campaign.DailyBudget * 0.8m, campaign.DailyBudget * 1.25m);
    }

    private async Task<List<CampaignCountryDailyRow>> RowsAsync(string from, string to) =>
        (await ReadAsync(await _sim.Http.SendAsync(_sim.Get(ExportPath(from, to))))).Select(r => r.Row!).ToList();

    private static string Values(List<CampaignCountryDailyRow> rows, DateOnly date) =>
        string.Join(';', rows.Where(r => r.ReportDate == date).Select(r => $"{r.CountryCode}:{r.Streams}:{r.Listeners}:{r.Impressions}:{r.SpendMedia}:{r.ExportedAt:O}"));

    internal static async Task<List<RowReadResult>> ReadAsync(HttpResponseMessage response)
    {
        response.EnsureSuccessStatusCode();
        var results = new List<RowReadResult>();
        await using var body = await response.Content.ReadAsStreamAsync();
        await foreach (var result in SoundlinkExportReader.ReadAsync(body))
        {
            results.Add(result);
        }
        return results;
    }
}
