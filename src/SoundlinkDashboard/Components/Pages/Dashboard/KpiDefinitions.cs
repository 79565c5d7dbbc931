using System.Globalization;
using SoundlinkDashboard.Core.Metrics;

namespace SoundlinkDashboard.Components.Pages.Dashboard;

public enum KpiFormat
{
    Count,
    Money,
    MoneyRatio,
    Percent,
    Ratio,
}

/// <summary>
/// A KPI card's metric: how to read it from <see cref="MetricTotals"/>, format it, and whether up is good.
/// The values themselves always come from the metrics service.
/// </summary>
public sealed record KpiDefinition(string Key, string Title, Func<MetricTotals, double?> Value, KpiFormat Format, bool HigherIsBetter,
    string Definition)
{
    public static readonly IReadOnlyList<KpiDefinition> All =
    [
        new("spend_media", "Spend (media)", t => (double)t.SpendMedia, KpiFormat.Money, false, "Billed by Meta for ad delivery: the sum of spend_media."),
        new("spend_total", "Spend (total)", t => (double)t.SpendTotal, KpiFormat.Money, false, "Billed by Soundlink: media spend plus fees, the sum of spend_total."),
        new("fees", "Fees", t => (double)t.Fees, KpiFormat.Money, false, "Soundlink's service fee: the sum of fees (spend_total − spend_media)."),
        new("impressions", "Impressions", t => t.Impressions, KpiFormat.Count, true, "Meta ad impressions; rows that do not report them are left out."),
        new("ad_clicks", "Ad clicks", t => t.AdClicks, KpiFormat.Count, true, "All clicks on the Meta ad."),
        new("link_clicks", "Link clicks", t => t.LinkClicks, KpiFormat.Count, true, "Clicks on \"Continue with Spotify\" on the landing page."),
        new("streams", "Streams", t => t.Streams, KpiFormat.Count, true, "Spotify streams attributed to the campaign (7-day click-through)."),
        new("listeners", "Listener-days", t => t.Listeners, KpiFormat.Count, true, "Listeners summed over countries and days: a person listening on 3 days counts 3 times. Not unique listeners."),
        new("followers", "Followers", t => t.Followers, KpiFormat.Count, true, "Artist follower gains attributed to the campaign."),
        new("cpl", "Cost per listener", t => t.Cpl, KpiFormat.MoneyRatio, false, "Σ spend_media ÷ Σ listeners (listener-days)."),
        new("cpf", "Cost per follower", t => t.Cpf, KpiFormat.MoneyRatio, false, "Σ spend_media ÷ Σ followers."),
        new("cpc_linkclick", "Cost per link click", t => t.CpcLinkClick, KpiFormat.MoneyRatio, false, "Σ spend_media ÷ Σ link_clicks, over rows that report link clicks."),
        new("ctr_linkclick", "CTR (link)", t => t.CtrLinkClick, KpiFormat.Percent, true, "Σ link_clicks ÷ Σ impressions, over rows that report both."),
        new("ctr_adclick", "CTR (ad)", t => t.CtrAdClick, KpiFormat.Percent, true, "Σ ad_clicks ÷ Σ impressions, over rows that report both."),
        new("streams_per_listener", "Streams per listener", t => t.StreamsPerListener, KpiFormat.Ratio, true, "Σ streams ÷ Σ listeners."),
    ];

    public string FormatValue(double? value, string currency) => value is not { } v ? "—" : Format switch
    {
        KpiFormat.Count => v.ToString("N0", CultureInfo.InvariantCulture),
        KpiFormat.Money => $"{v.ToString("N2", CultureInfo.InvariantCulture)} {currency}",
        KpiFormat.MoneyRatio => $"{v.ToString("N3", CultureInfo.InvariantCulture)} {currency}",
        KpiFormat.Percent => (v * 100).ToString("N2", CultureInfo.InvariantCulture) + " %",
        _ => v.ToString("N2", CultureInfo.InvariantCulture),
    };

    /// <summary>The value with the digits the screen shows, without grouping or unit: for CSV cells.</summary>
    public string FormatPlain(double? value) => value is not { } v ? "" : Format switch
    {
        KpiFormat.Count => v.ToString("0", CultureInfo.InvariantCulture),
        KpiFormat.Money => v.ToString("0.00", CultureInfo.InvariantCulture),
        KpiFormat.MoneyRatio => v.ToString("0.000", CultureInfo.InvariantCulture),
        KpiFormat.Percent => (v * 100).ToString("0.00", CultureInfo.InvariantCulture),
        _ => v.ToString("0.00", CultureInfo.InvariantCulture),
    };

    /// <summary>The CSV column name: the key, with the unit where the value has one.</summary>
    public string CsvHeader(string currency) => Format switch
    {
        KpiFormat.Money or KpiFormat.MoneyRatio => $"{Key}_{currency.ToLowerInvariant()}",
        KpiFormat.Percent => $"{Key}_percent",
        _ => Key,
    };

    /// <summary>The absolute change, formatted like the value (percentage points for rates).</summary>
    public string FormatDelta(double delta, string currency)
    {
        var sign = delta > 0 ? "+" : delta < 0 ? "−" : "±";
        var magnitude = Math.Abs(delta);
        return Format switch
        {
            KpiFormat.Percent => $"{sign}{(magnitude * 100).ToString("N2", CultureInfo.InvariantCulture)} pp",
            _ => sign + FormatValue(magnitude, currency),
        };
    }
}

/// <summary>One KPI card's content: the metric, its value in the view and in the previous period, and its sparkline.</summary>
/// <param name="Compare">Whether the card shows the change against the previous period.</param>
/// <param name="PeriodLabel">The window's length as the comparison names it ("28 days").</param>
/// <param name="Sparkline">The metric by day over the window, drawn small under the value; built when it is drawn.</param>
public sealed record KpiCardData(KpiDefinition Definition, double? Current, double? Previous = null, bool Compare = true,
    string Currency = "USD", string PeriodLabel = "period", Func<TrendChartConfig>? Sparkline = null);
