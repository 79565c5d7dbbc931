using System.Text.Json;
using Soundlink.Client.Export;

namespace SoundlinkDashboard.Benchmarks;

/// <summary>Writes realistic campaign_country_daily v1.0 lines: per campaign, by date then country.</summary>
internal static class ExportGenerator
{
    private static readonly string[] Countries =
    [
        "US", "GB", "DE", "FR", "BR", "MX", "CA", "AU", "ES", "IT", "NL", "SE", "NO", "DK", "FI", "PL", "PT", "IE",
        "AT", "CH", "BE", "CZ", "RO", "HU", "GR", "TR", "IN", "ID", "PH", "JP", "KR", "TH", "VN", "MY", "SG", "NZ",
        "AR", "CL", "CO", "PE", "ZA", "NG", "KE", "EG", "MA", "SA", "AE", "IL", "UA", "RS", "HR", "SK", "SI", "BG",
        "LT", "LV", "EE", "IS", "XK", "PR",
    ];

    /// <summary>The account every generated campaign belongs to.</summary>
    public const string AccountId = "a7ac3173-2f71-4e79-921f-d15d7112dd11";

    public static long Write(string path, int rows)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var json = new Utf8JsonWriter(file);
        long written = 0;
        foreach (var row in Generate(rows))
        {
            var listeners = row.Listeners;
            var streams = row.Streams;
            var followers = row.Followers;
            var impressions = row.Impressions;
            var adClicks = row.AdClicks;
            var linkClicks = row.LinkClicks;
            var media = row.SpendMedia;
            var total = row.SpendTotal;
            json.WriteStartObject();
            json.WriteString("provider", "soundlink");
            json.WriteString("account_id", AccountId);
            json.WriteString("schema_version", "1.0");
            json.WriteString("report_date", row.ReportDate.ToString("yyyy-MM-dd"));
            json.WriteString("report_date_timezone", "UTC");
            json.WriteString("exported_at", $"{row.ExportedAt.UtcDateTime:yyyy-MM-dd}T03:00:00Z");
            json.WriteString("campaign_id", row.CampaignId);
            json.WriteString("campaign_name", row.CampaignName);
            json.WriteString("campaign_target_type", "track");
            json.WriteString("campaign_target_isrc", "DEXW62500259");
            json.WriteString("campaign_target_spotify_track_id", "6habFhsOp2NvndAvgiJ01P");
            json.WriteNull("campaign_target_playlist_id");
            json.WriteString("country_code", row.CountryCode);
            Nullable(json, "impressions", impressions);
            Nullable(json, "ad_clicks", adClicks);
            Nullable(json, "link_clicks", linkClicks);
            json.WriteNumber("streams", streams);
            json.WriteNumber("listeners", listeners);
            json.WriteNumber("followers", followers);
            json.WriteNumber("streams_per_listener", listeners == 0 ? 0 : Math.Round((double)streams / listeners, 2));
            json.WriteNumber("spend_media", media);
            json.WriteNumber("spend_total", total);
            json.WriteNumber("fees", total - media);
            json.WriteString("currency", "USD");
            json.WriteString("currency_account", "USD");
            json.WriteNumber("cpl", listeners == 0 ? 0 : Math.Round((double)media / listeners, 3));
            json.WriteNumber("cpf", followers == 0 ? 0 : Math.Round((double)media / followers, 3));
            NullableNumber(json, "cpc_linkclick", linkClicks is > 0 ? Math.Round((double)media / linkClicks.Value, 3) : null);
            NullableNumber(json, "ctr_linkclick", impressions is > 0 ? Math.Round((double)linkClicks!.Value / impressions.Value, 4) : null);
            NullableNumber(json, "ctr_adclick", impressions is > 0 ? Math.Round((double)adClicks!.Value / impressions.Value, 4) : null);
            json.WriteNumber("cost_per_result", followers == 0 ? 0 : Math.Round((double)media / followers, 3));
            json.WriteString("result_type", "follow");
            json.WriteEndObject();
            json.Flush();
            json.Reset();
            file.WriteByte((byte)'\n');
            written++;
        }
        return written;
    }

    /// <summary>
    /// The generated rows themselves (the same as <see cref="Write"/> writes), for seeding a store through the
    /// writer without a file: 60 countries x 365 days per campaign, as many campaigns as the count needs.
    /// </summary>
    public static IEnumerable<CampaignCountryDailyRow> Generate(long rows)
    {
        var random = new Random(20261127);
        var start = new DateOnly(2025, 1, 1);
        var exported = new DateTimeOffset(start.AddDays(400).ToDateTime(new TimeOnly(3, 0)), TimeSpan.Zero);
        long written = 0;
        for (var campaign = 0; written < rows; campaign++)
        {
            var id = $"{campaign:x8}-58d3-4c1e-9b7a-{campaign:x12}";
            var name = $"Campaign {campaign}";
            for (var day = 0; day < 365 && written < rows; day++)
            {
                var date = start.AddDays(day);
                var weekday = 1 + 0.2 * Math.Sin(day * 2 * Math.PI / 7);
                foreach (var country in Countries)
                {
                    if (written >= rows)
                    {
                        break;
                    }
                    var weight = weekday * (1 + random.NextDouble() * 3);
                    var listeners = random.Next(12) == 0 ? 0 : (int)(random.Next(1, 120) * weight);
                    var streams = listeners + random.Next(0, 200);
                    var followers = random.Next(0, 1 + listeners / 8);
                    long? impressions = random.Next(20) == 0 ? null : (long)(random.Next(500, 9000) * weight);
                    long? adClicks = impressions is null ? null : impressions / random.Next(30, 60);
                    long? linkClicks = adClicks is null ? null : adClicks * random.Next(50, 90) / 100;
                    var media = Math.Round((decimal)(random.NextDouble() * 60 * weight), 2);
                    var total = Math.Round(media / 0.8m, 2);
                    yield return new CampaignCountryDailyRow
                    {
                        Provider = "soundlink",
                        AccountId = AccountId,
                        ReportDate = date,
                        ExportedAt = exported,
                        CampaignId = id,
                        CampaignName = name,
                        CampaignTargetType = "track",
                        CampaignTargetIsrc = "DEXW62500259",
                        CampaignTargetSpotifyTrackId = "6habFhsOp2NvndAvgiJ01P",
                        CountryCode = country,
                        Impressions = impressions,
                        AdClicks = adClicks,
                        LinkClicks = linkClicks,
                        Streams = streams,
                        Listeners = listeners,
                        Followers = followers,
                        SpendMedia = media,
                        SpendTotal = total,
                        Fees = total - media,
                        Currency = "USD",
                        CurrencyAccount = "USD",
                        ResultType = "follow",
                    };
                    written++;
                }
            }
        }
    }

    private static void Nullable(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void NullableNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
