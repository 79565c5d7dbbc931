using System.Globalization;
using System.Text.Json.Nodes;

namespace SoundlinkDashboard.Tests.Support;

/// <summary>A campaign_country_daily v1.0 row as a test writes it; <see cref="ToJson"/> gives its JSONL line.</summary>
public sealed record TestRow
{
    public string AccountId { get; init; } = "a7ac3173-2f71-4e79-921f-d15d7112dd11";
    public string CampaignId { get; init; } = "f1e28d31-c358-4284-9bef-00a2334625fd";
    public string CampaignName { get; init; } = "Sleep Playlist";
    public DateOnly Date { get; init; } = new(2026, 4, 1);
    public DateTimeOffset ExportedAt { get; init; } = new(2026, 5, 20, 3, 0, 0, TimeSpan.Zero);
    public string Country { get; init; } = "US";
    public long? Impressions { get; init; } = 4821;
    public long? AdClicks { get; init; } = 112;
    public long? LinkClicks { get; init; } = 89;
    public long Streams { get; init; } = 203;
    public long Listeners { get; init; } = 145;
    public long Followers { get; init; } = 12;
    public decimal SpendMedia { get; init; } = 42.50m;
    public decimal SpendTotal { get; init; } = 53.13m;
    public decimal Fees { get; init; } = 10.63m;
    public string Currency { get; init; } = "USD";
    public string CurrencyAccount { get; init; } = "USD";
    public string? TargetType { get; init; } = "track";
    public string? ResultType { get; init; } = "follow";

    public string ToJson()
    {
        static double Div(decimal n, decimal d) => d == 0 ? 0 : Math.Round((double)(n / d), 4);
        static double? NDiv(decimal? n, decimal? d) => n is null || d is null || d == 0 ? null : Math.Round((double)(n.Value / d.Value), 4);
        var cpf = Div(SpendMedia, Followers);
        var o = new JsonObject
        {
            ["provider"] = "soundlink",
            ["account_id"] = AccountId,
            ["schema_version"] = "1.0",
            ["report_date"] = Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["report_date_timezone"] = "UTC",
            ["exported_at"] = ExportedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["campaign_id"] = CampaignId,
            ["campaign_name"] = CampaignName,
            ["campaign_target_type"] = TargetType,
            ["campaign_target_isrc"] = TargetType == "track" ? "DEXW62500259" : null,
            ["campaign_target_spotify_track_id"] = TargetType == "track" ? "6habFhsOp2NvndAvgiJ01P" : null,
            ["campaign_target_playlist_id"] = TargetType == "playlist" ? "37i9dQZF1DX4sWSpwq3LiO" : null,
            ["country_code"] = Country,
            ["impressions"] = Impressions,
            ["ad_clicks"] = AdClicks,
            ["link_clicks"] = LinkClicks,
            ["streams"] = Streams,
            ["listeners"] = Listeners,
            ["followers"] = Followers,
            ["streams_per_listener"] = Div(Streams, Listeners),
            ["spend_media"] = SpendMedia,
            ["spend_total"] = SpendTotal,
            ["fees"] = Fees,
            ["currency"] = Currency,
            ["currency_account"] = CurrencyAccount,
            ["cpl"] = Div(SpendMedia, Listeners),
            ["cpf"] = cpf,
            ["cpc_linkclick"] = NDiv(SpendMedia, LinkClicks),
            ["ctr_linkclick"] = NDiv(LinkClicks, Impressions),
            ["ctr_adclick"] = NDiv(AdClicks, Impressions),
            ["cost_per_result"] = cpf,
            ["result_type"] = ResultType,
        };
        return o.ToJsonString();
    }

    public static string ToJsonl(IEnumerable<TestRow> rows) => string.Concat(rows.Select(r => r.ToJson() + "\n"));
}

/// <summary>Deterministic rows with the awkward cases: null impressions and clicks, zero listeners and followers, two currencies.</summary>
public static class TestRows
{
    public static List<TestRow> Generate(int seed, int campaigns = 3, int days = 20, int countries = 6,
        DateOnly? start = null, DateTimeOffset? exportedAt = null, bool twoCurrencies = true)
    {
        var random = new Random(seed);
        var codes = new[] { "US", "DE", "GB", "FR", "BR", "XK", "SE", "JP", "MX", "NG" }[..countries];
        var first = start ?? new DateOnly(2026, 3, 1);
        var rows = new List<TestRow>();
        for (var c = 0; c < campaigns; c++)
        {
            var campaignId = $"camp-{seed}-{c}";
            var currency = twoCurrencies && c % 2 == 1 ? "EUR" : "USD";
            for (var d = 0; d < days; d++)
            {
                foreach (var country in codes)
                {
                    var listeners = random.Next(10) == 0 ? 0 : random.Next(1, 400);
                    var media = Math.Round((decimal)random.NextDouble() * 80m, 2);
                    var total = Math.Round(media / 0.8m, 2);
                    long? impressions = random.Next(6) == 0 ? null : random.Next(0, 20_000);
                    rows.Add(new TestRow
                    {
                        AccountId = "0b6e9c1e-8a59-4f1c-9a43-5c2f7d1e0a11",
                        CampaignId = campaignId,
                        CampaignName = $"Campaign {c}",
                        Date = first.AddDays(d),
                        ExportedAt = exportedAt ?? new DateTimeOffset(2026, 6, 1, 2, 0, 0, TimeSpan.Zero),
                        Country = country,
                        Impressions = impressions,
                        AdClicks = random.Next(7) == 0 ? null : random.Next(0, 300),
                        LinkClicks = random.Next(5) == 0 ? null : random.Next(0, 200),
                        Streams = listeners == 0 ? 0 : listeners + random.Next(0, 300),
                        Listeners = listeners,
                        Followers = random.Next(4) == 0 ? 0 : random.Next(0, 30),
                        SpendMedia = media,
                        SpendTotal = total,
                        Fees = total - media,
                        Currency = currency,
                        CurrencyAccount = currency,
                        TargetType = c % 3 == 2 ? "playlist" : c % 3 == 1 ? null : "track",
                    });
                }
            }
        }
        return rows;
    }
}
