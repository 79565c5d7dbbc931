using System.Text.Json;

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

    public static long Write(string path, int rows)
    {
        var random = new Random(20261127);
        var start = new DateOnly(2025, 1, 1);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var json = new Utf8JsonWriter(file);
        long written = 0;
        for (var campaign = 0; written < rows; campaign++)
        {
            var id = $"{campaign:x8}-58d3-4c1e-9b7a-{campaign:x12}";
            var exported = $"{start.AddDays(400):yyyy-MM-dd}T03:00:00Z";
            for (var day = 0; day < 365 && written < rows; day++)
            {
                var date = start.AddDays(day).ToString("yyyy-MM-dd");
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
                    json.WriteStartObject();
                    json.WriteString("provider", "soundlink");
                    json.WriteString("account_id", "a7ac3173-2f71-4e79-921f-d15d7112dd11");
                    json.WriteString("schema_version", "1.0");
                    json.WriteString("report_date", date);
                    json.WriteString("report_date_timezone", "UTC");
                    json.WriteString("exported_at", exported);
                    json.WriteString("campaign_id", id);
                    json.WriteString("campaign_name", $"Campaign {campaign}");
                    json.WriteString("campaign_target_type", "track");
                    json.WriteString("campaign_target_isrc", "DEXW62500259");
                    json.WriteString("campaign_target_spotify_track_id", "6habFhsOp2NvndAvgiJ01P");
                    json.WriteNull("campaign_target_playlist_id");
                    json.WriteString("country_code", country);
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
            }
        }
        return written;
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
