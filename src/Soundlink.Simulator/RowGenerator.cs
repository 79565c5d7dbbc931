using System.Globalization;
using System.Text.Json;

namespace Soundlink.Simulator;

/// <summary>One simulated campaign_country_daily value set, before it is written as JSON.</summary>
public sealed record SimulatedRow(
    SimulatedCampaign Campaign,
    DateOnly Date,
    string Country,
    DateTimeOffset ExportedAt,
    long? Impressions,
    long? AdClicks,
    long? LinkClicks,
    long Streams,
    long Listeners,
    long Followers,
    decimal SpendMedia,
    decimal SpendTotal,
    decimal Fees);

/// <summary>
/// Derives rows from the catalogue. A date stays provisional for 7 days after it closes (UTC): each export
/// then carries newer values and a newer exported_at; after that the date is frozen. Today is partial.
/// </summary>
public sealed class RowGenerator(int seed)
{
    public static readonly TimeSpan RevisionWindow = TimeSpan.FromDays(7);
    private static readonly double[] WeekdayFactor = [1.0, 0.9, 0.95, 1.0, 1.05, 1.15, 1.2]; // Sunday first

    public IEnumerable<SimulatedRow> Rows(SimulatedCampaign campaign, DateOnly from, DateOnly to, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var first = from > campaign.Start ? from : campaign.Start;
        var last = new[] { to, campaign.LastDay, today }.Min();
        for (var date = first; date <= last; date = date.AddDays(1))
        {
            foreach (var country in campaign.Countries)
            {
                yield return Row(campaign, date, country, now);
            }
        }
    }

    private SimulatedRow Row(SimulatedCampaign campaign, DateOnly date, SimulatedCountry country, DateTimeOffset now)
    {
        var dayStart = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var dayEnd = dayStart.AddDays(1);
        var h = Mix.Hash(seed, campaign.Index, date.DayNumber, country.Code[0], country.Code[1]);

        // Today is partial; closed days become complete as late events arrive, frozen after 7 days.
        var dayFraction = Math.Clamp((now - dayStart).TotalHours / 24, 0, 1);
        var age = now - dayEnd;
        var frozen = age >= RevisionWindow;
        var completeness = frozen ? 1.0 : 0.6 + 0.4 * Math.Clamp(age.TotalHours / RevisionWindow.TotalHours, 0, 1);
        var exportedAt = frozen
            ? dayEnd.Add(RevisionWindow).AddHours(3)
            : new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

        var weekday = WeekdayFactor[(int)date.DayOfWeek];
        var paused = campaign.Index % 7 == 3 && date.DayNumber % 11 == 0;
        var spendTotal = paused ? 0m : Round2((decimal)((double)campaign.DailyBudget * country.Weight * weekday * Mix.Between(h, 1, 0.85, 1.15) * dayFraction));
        var spendMedia = Round2(spendTotal * (decimal)(1 - campaign.FeeShare));
        spendTotal = Round2(spendMedia / (decimal)(1 - campaign.FeeShare));

        var zeroDay = Mix.Unit(h, 2) < 0.04;
        var listeners = zeroDay || spendMedia == 0 ? 0 : (long)((double)spendMedia / country.CostPerListener * Mix.Between(h, 3, 0.8, 1.2) * completeness);
        var streams = (long)(listeners * Mix.Between(h, 4, 1.15, 2.1));
        var followers = (long)(listeners * Mix.Between(h, 5, 0.02, 0.12));

        long? impressions = Mix.Unit(h, 6) < 0.05 ? null : (long)((double)spendMedia / Mix.Between(h, 7, 2, 9) * 1000 * completeness);
        long? adClicks = impressions is null || Mix.Unit(h, 8) < 0.03 ? null : (long)(impressions.Value * Mix.Between(h, 9, 0.01, 0.04));
        long? linkClicks = adClicks is null ? (Mix.Unit(h, 10) < 0.5 ? null : (long)(listeners * 1.3)) : (long)(adClicks.Value * Mix.Between(h, 11, 0.5, 0.85));

        return new SimulatedRow(campaign, date, country.Code, exportedAt, impressions, adClicks, linkClicks, streams, listeners,
            followers, spendMedia, spendTotal, spendTotal - spendMedia);
    }

    private static decimal Round2(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

    /// <summary>Writes the row as one campaign_country_daily v1.0 JSON object, ratios per the contract.</summary>
    public static void Write(Utf8JsonWriter json, SimulatedRow row)
    {
        var c = row.Campaign;
        json.WriteStartObject();
        json.WriteString("provider", "soundlink");
        json.WriteString("account_id", c.OrganizationId);
        json.WriteString("schema_version", "1.0");
        json.WriteString("report_date", row.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        json.WriteString("report_date_timezone", "UTC");
        json.WriteString("exported_at", row.ExportedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        json.WriteString("campaign_id", c.Id);
        json.WriteString("campaign_name", c.Name);
        json.WriteString("campaign_target_type", c.TargetType);
        NullableString(json, "campaign_target_isrc", c.Isrc);
        NullableString(json, "campaign_target_spotify_track_id", c.SpotifyTrackId);
        NullableString(json, "campaign_target_playlist_id", c.PlaylistId);
        json.WriteString("country_code", row.Country);
        NullableNumber(json, "impressions", row.Impressions);
        NullableNumber(json, "ad_clicks", row.AdClicks);
        NullableNumber(json, "link_clicks", row.LinkClicks);
        json.WriteNumber("streams", row.Streams);
        json.WriteNumber("listeners", row.Listeners);
        json.WriteNumber("followers", row.Followers);
        json.WriteNumber("streams_per_listener", row.Listeners == 0 ? 0 : Math.Round((double)row.Streams / row.Listeners, 2));
        json.WriteNumber("spend_media", row.SpendMedia);
        json.WriteNumber("spend_total", row.SpendTotal);
        json.WriteNumber("fees", row.Fees);
        json.WriteString("currency", "USD");
        json.WriteString("currency_account", "USD");
        var cpf = row.Followers == 0 ? 0 : Math.Round((double)row.SpendMedia / row.Followers, 3);
        json.WriteNumber("cpl", row.Listeners == 0 ? 0 : Math.Round((double)row.SpendMedia / row.Listeners, 3));
        json.WriteNumber("cpf", cpf);
        NullableDouble(json, "cpc_linkclick", row.LinkClicks is > 0 ? Math.Round((double)row.SpendMedia / row.LinkClicks.Value, 3) : null);
        NullableDouble(json, "ctr_linkclick", row.Impressions is > 0 && row.LinkClicks is not null ? Math.Round((double)row.LinkClicks.Value / row.Impressions.Value, 4) : null);
        NullableDouble(json, "ctr_adclick", row.Impressions is > 0 && row.AdClicks is not null ? Math.Round((double)row.AdClicks.Value / row.Impressions.Value, 4) : null);
        json.WriteNumber("cost_per_result", cpf);
        json.WriteString("result_type", "follow");
        json.WriteEndObject();
    }

    private static void NullableString(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void NullableNumber(Utf8JsonWriter json, string name, long? value)
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

    private static void NullableDouble(Utf8JsonWriter json, string name, double? value)
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
