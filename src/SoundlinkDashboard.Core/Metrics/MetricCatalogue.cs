using System.Globalization;

namespace SoundlinkDashboard.Core.Metrics;

/// <summary>
/// The one list of the dashboard's metrics. Cards, the country table, the map picker, the funnel's labels, the trend
/// chart, CSV columns, the CLI report and share links all read it; a new metric is a line here (and, if it needs a sum
/// the store does not keep yet, a <see cref="MetricMeasures"/> entry with its rollup column).
/// </summary>
/// <remarks>
/// A metric over measures the store already sums (say cost per stream, SpendMedia ÷ Streams) changes this file only.
/// A new measure is also a <see cref="MetricTotals"/> property, a column in MetricsService's measures and reader,
/// and, kept as explicit SQL: RollupMeasures, RollupAudit's sums and a migration adding the rollup columns
/// (MetricCatalogueTests fails until they all have it). A measure over a field the row does not carry yet also needs
/// that field in the row parser, MetricRows and MetricRowWriter.
/// </remarks>
public static class MetricCatalogue
{
    /// <summary>Every metric, in the dashboard's order (cards, dashboard CSV columns, share-link choices).</summary>
    public static readonly IReadOnlyList<MetricDefinition> All =
    [
        MetricDefinition.Sum("spend_media", "Spend (media)", MetricUnit.Money, 2, higherIsBetter: false, MetricPlaces.CountryTable | MetricPlaces.Map,
            MetricMeasures.SpendMedia, "Billed by Meta for ad delivery: the sum of spend_media."),
        MetricDefinition.Sum("spend_total", "Spend (total)", MetricUnit.Money, 2, higherIsBetter: false, MetricPlaces.None,
            MetricMeasures.SpendTotal, "Billed by Soundlink: media spend plus fees, the sum of spend_total."),
        MetricDefinition.Sum("fees", "Fees", MetricUnit.Money, 2, higherIsBetter: false, MetricPlaces.None,
            MetricMeasures.Fees, "Soundlink's service fee: the sum of fees (spend_total − spend_media)."),
        MetricDefinition.Sum("impressions", "Impressions", MetricUnit.Count, 0, higherIsBetter: true, MetricPlaces.CountryTable,
            MetricMeasures.Impressions, "Meta ad impressions; rows that do not report them are left out."),
        MetricDefinition.Sum("ad_clicks", "Ad clicks", MetricUnit.Count, 0, higherIsBetter: true, MetricPlaces.None,
            MetricMeasures.AdClicks, "All clicks on the Meta ad."),
        MetricDefinition.Sum("link_clicks", "Link clicks", MetricUnit.Count, 0, higherIsBetter: true, MetricPlaces.CountryTable,
            MetricMeasures.LinkClicks, "Clicks on \"Continue with Spotify\" on the landing page."),
        MetricDefinition.Sum("streams", "Streams", MetricUnit.Count, 0, higherIsBetter: true, MetricPlaces.CountryTable | MetricPlaces.Map,
            MetricMeasures.Streams, "Spotify streams attributed to the campaign (7-day click-through)."),
        MetricDefinition.Sum("listeners", "Listener-days", MetricUnit.Count, 0, higherIsBetter: true, MetricPlaces.CountryTable | MetricPlaces.Map,
            MetricMeasures.Listeners, "Listeners summed over countries and days: a person listening on 3 days counts 3 times. Not unique listeners."),
        MetricDefinition.Sum("followers", "Followers", MetricUnit.Count, 0, higherIsBetter: true, MetricPlaces.CountryTable | MetricPlaces.Map,
            MetricMeasures.Followers, "Artist follower gains attributed to the campaign."),
        MetricDefinition.Ratio("cpl", "Cost per listener", MetricUnit.Money, 3, higherIsBetter: false, MetricPlaces.CountryTable | MetricPlaces.Map,
            MetricMeasures.SpendMedia, MetricMeasures.Listeners, "Σ spend_media ÷ Σ listeners (listener-days)."),
        MetricDefinition.Ratio("cpf", "Cost per follower", MetricUnit.Money, 3, higherIsBetter: false, MetricPlaces.CountryTable | MetricPlaces.Map,
            MetricMeasures.SpendMedia, MetricMeasures.Followers, "Σ spend_media ÷ Σ followers."),
        MetricDefinition.Ratio("cpc_linkclick", "Cost per link click", MetricUnit.Money, 3, higherIsBetter: false, MetricPlaces.CountryTable,
            MetricMeasures.SpendMediaWithLinkClicks, MetricMeasures.LinkClicks, "Σ spend_media ÷ Σ link_clicks, over rows that report link clicks."),
        MetricDefinition.Ratio("ctr_linkclick", "CTR (link)", MetricUnit.Rate, 2, higherIsBetter: true, MetricPlaces.CountryTable | MetricPlaces.Map,
            MetricMeasures.LinkClicksWithImpressions, MetricMeasures.ImpressionsWithLinkClicks, "Σ link_clicks ÷ Σ impressions, over rows that report both."),
        MetricDefinition.Ratio("ctr_adclick", "CTR (ad)", MetricUnit.Rate, 2, higherIsBetter: true, MetricPlaces.None,
            MetricMeasures.AdClicksWithImpressions, MetricMeasures.ImpressionsWithAdClicks, "Σ ad_clicks ÷ Σ impressions, over rows that report both."),
        MetricDefinition.Ratio("streams_per_listener", "Streams per listener", MetricUnit.Ratio, 2, higherIsBetter: true, MetricPlaces.CountryTable,
            MetricMeasures.Streams, MetricMeasures.Listeners, "Σ streams ÷ Σ listeners."),
    ];

    private static readonly Dictionary<string, MetricDefinition> ByKey = All.ToDictionary(m => m.Key, StringComparer.Ordinal);

    /// <summary>Every metric's key, in <see cref="All"/>'s order (what a share link may pin).</summary>
    public static readonly IReadOnlyList<string> Keys = All.Select(m => m.Key).ToList();

    /// <summary>
    /// Sums before ratios, counts before money, otherwise in <see cref="All"/>'s order: the CLI report's columns and
    /// the map picker's choices.
    /// </summary>
    public static readonly IReadOnlyList<MetricDefinition> SumsFirst =
        All.OrderBy(m => m.IsRatio ? 2 : m.Unit == MetricUnit.Money ? 1 : 0).ToList();

    /// <summary>The metrics the country table shows as columns, in <see cref="All"/>'s order.</summary>
    public static readonly IReadOnlyList<MetricDefinition> CountryTableColumns =
        All.Where(m => m.Places.HasFlag(MetricPlaces.CountryTable)).ToList();

    /// <summary>The metrics the map may be coloured by, in <see cref="SumsFirst"/>'s order.</summary>
    public static readonly IReadOnlyList<MetricDefinition> MapChoices =
        SumsFirst.Where(m => m.Places.HasFlag(MetricPlaces.Map)).ToList();

    /// <summary>The metric with this key; throws for a key the catalogue lacks.</summary>
    public static MetricDefinition Get(string key) => ByKey[key];

    /// <summary>The metric with this key, or null (for keys from a query string or a stored link).</summary>
    public static MetricDefinition? Find(string? key) => key is not null && ByKey.TryGetValue(key, out var metric) ? metric : null;

    /// <summary>Every measure a metric of the catalogue reads: each must be a sum the store keeps (rollups included).</summary>
    public static IReadOnlyList<MetricMeasure> Measures => All.SelectMany(m => m.Measures).Distinct().ToList();
}

/// <summary>What a metric's number is: an amount of things, of money, a plain ratio, or a rate shown as a percentage.</summary>
public enum MetricUnit
{
    Count,
    Money,
    Ratio,
    Rate,
}

/// <summary>The views beyond the cards, CSV, CLI report, trend chart and share links (which show every metric).</summary>
[Flags]
public enum MetricPlaces
{
    None = 0,
    CountryTable = 1,
    Map = 2,
}

/// <summary>
/// A sum <see cref="MetricsService"/> answers per group: the <see cref="MetricTotals"/> property and the rollup tables'
/// column of this name.
/// </summary>
public sealed class MetricMeasure(string name, Func<MetricTotals, decimal?> of)
{
    public string Name { get; } = name;

    /// <summary>The sum in a group; null for a nullable count that no row reported.</summary>
    public decimal? Of(MetricTotals totals) => of(totals);

    public override string ToString() => Name;
}

/// <summary>The sums the catalogue's metrics read (see <see cref="MetricTotals"/> for what each one counts).</summary>
public static class MetricMeasures
{
    public static readonly MetricMeasure Impressions = new(nameof(MetricTotals.Impressions), t => t.Impressions);
    public static readonly MetricMeasure AdClicks = new(nameof(MetricTotals.AdClicks), t => t.AdClicks);
    public static readonly MetricMeasure LinkClicks = new(nameof(MetricTotals.LinkClicks), t => t.LinkClicks);
    public static readonly MetricMeasure Streams = new(nameof(MetricTotals.Streams), t => t.Streams);
    public static readonly MetricMeasure Listeners = new(nameof(MetricTotals.Listeners), t => t.Listeners);
    public static readonly MetricMeasure Followers = new(nameof(MetricTotals.Followers), t => t.Followers);
    public static readonly MetricMeasure SpendMedia = new(nameof(MetricTotals.SpendMedia), t => t.SpendMedia);
    public static readonly MetricMeasure SpendTotal = new(nameof(MetricTotals.SpendTotal), t => t.SpendTotal);
    public static readonly MetricMeasure Fees = new(nameof(MetricTotals.Fees), t => t.Fees);
    public static readonly MetricMeasure LinkClicksWithImpressions = new(nameof(MetricTotals.LinkClicksWithImpressions), t => t.LinkClicksWithImpressions);
    public static readonly MetricMeasure ImpressionsWithLinkClicks = new(nameof(MetricTotals.ImpressionsWithLinkClicks), t => t.ImpressionsWithLinkClicks);
    public static readonly MetricMeasure AdClicksWithImpressions = new(nameof(MetricTotals.AdClicksWithImpressions), t => t.AdClicksWithImpressions);
    public static readonly MetricMeasure ImpressionsWithAdClicks = new(nameof(MetricTotals.ImpressionsWithAdClicks), t => t.ImpressionsWithAdClicks);
    public static readonly MetricMeasure SpendMediaWithLinkClicks = new(nameof(MetricTotals.SpendMediaWithLinkClicks), t => t.SpendMediaWithLinkClicks);
}

/// <summary>
/// One metric: its key (CSV, URL, share links), label, unit, formula, good direction, precision and definition. The
/// value is read from the metrics service's <see cref="MetricTotals"/>: a sum as summed, a ratio recomputed from
/// summed numerator and denominator (never averaged); a zero denominator gives no value.
/// </summary>
public sealed class MetricDefinition
{
    private MetricDefinition(string key, string label, MetricUnit unit, int precision, bool higherIsBetter, MetricPlaces places,
        MetricMeasure numerator, MetricMeasure? denominator, string definition)
    {
        Key = key;
        Label = label;
        Unit = unit;
        Precision = precision;
        HigherIsBetter = higherIsBetter;
        Places = places;
        Numerator = numerator;
        Denominator = denominator;
        Definition = definition;
        _grouped = "N" + precision.ToString(CultureInfo.InvariantCulture);
        _plain = precision == 0 ? "0" : "0." + new string('0', precision);
    }

    /// <summary>.NET formats for <see cref="Precision"/> digits: with grouping (screen), without (CSV).</summary>
    private readonly string _grouped;
    private readonly string _plain;

    /// <summary>A metric that is one measure's sum.</summary>
    public static MetricDefinition Sum(string key, string label, MetricUnit unit, int precision, bool higherIsBetter, MetricPlaces places,
        MetricMeasure measure, string definition) =>
        new(key, label, unit, precision, higherIsBetter, places, measure, null, definition);

    /// <summary>A metric that is Σ numerator ÷ Σ denominator (for a rate, shown as a percentage).</summary>
    public static MetricDefinition Ratio(string key, string label, MetricUnit unit, int precision, bool higherIsBetter, MetricPlaces places,
        MetricMeasure numerator, MetricMeasure denominator, string definition) =>
        new(key, label, unit, precision, higherIsBetter, places, numerator, denominator, definition);

    public string Key { get; }
    /// <summary>The name people read: card title, column header, picker entry, funnel step.</summary>
    public string Label { get; }
    /// <summary>A ratio's unit is its numerator's per denominator unit: money for costs, rate for click-through rates.</summary>
    public MetricUnit Unit { get; }
    /// <summary>Digits after the point on screen and in the dashboard's CSV (a rate's: of the percentage).</summary>
    public int Precision { get; }
    /// <summary>Whether a rise is good (volumes, rates) or bad (spend, costs).</summary>
    public bool HigherIsBetter { get; }
    public MetricPlaces Places { get; }
    /// <summary>The summed measure, or a ratio's numerator.</summary>
    public MetricMeasure Numerator { get; }
    /// <summary>A ratio's denominator; null for a sum.</summary>
    public MetricMeasure? Denominator { get; }
    /// <summary>What the number means and how it is computed (the card's info tooltip).</summary>
    public string Definition { get; }

    public bool IsRatio => Denominator is not null;

    public IEnumerable<MetricMeasure> Measures => Denominator is null ? [Numerator] : [Numerator, Denominator];

    /// <summary>The metric's value in a group; null where it is undefined (a zero denominator, a count no row reported).</summary>
    public double? Value(MetricTotals totals)
    {
        if (Denominator is null)
        {
            return Numerator.Of(totals) is { } sum ? (double)sum : null;
        }
        var denominator = Denominator.Of(totals) ?? 0;
        return denominator == 0 ? null : (double)((Numerator.Of(totals) ?? 0) / denominator);
    }

    /// <summary>The value in the type <see cref="MetricTotals"/> holds it: a count as long, a money sum as decimal, a ratio as double.</summary>
    public object? Exact(MetricTotals totals) => (IsRatio, Unit) switch
    {
        (true, _) => Value(totals),
        (false, MetricUnit.Money) => Numerator.Of(totals),
        _ => Numerator.Of(totals) is { } count ? (long)count : null,
    };

    /// <summary>The value as the screen shows it: grouped digits, the currency for money, "%" for rates; "—" for none.</summary>
    public string FormatValue(double? value, string currency) => value is not { } v ? "—" : Unit switch
    {
        MetricUnit.Money => $"{v.ToString(_grouped, CultureInfo.InvariantCulture)} {currency}",
        MetricUnit.Rate => (v * 100).ToString(_grouped, CultureInfo.InvariantCulture) + " %",
        _ => v.ToString(_grouped, CultureInfo.InvariantCulture),
    };

    /// <summary>The value with the digits the screen shows, without grouping or unit: for CSV cells.</summary>
    public string FormatPlain(double? value) => value is not { } v ? "" : Unit switch
    {
        MetricUnit.Rate => (v * 100).ToString(_plain, CultureInfo.InvariantCulture),
        _ => v.ToString(_plain, CultureInfo.InvariantCulture),
    };

    /// <summary>The CSV column name: the key, with the unit where the value has one.</summary>
    public string CsvHeader(string currency) => Unit switch
    {
        MetricUnit.Money => $"{Key}_{currency.ToLowerInvariant()}",
        MetricUnit.Rate => $"{Key}_percent",
        _ => Key,
    };

    /// <summary>The absolute change, formatted like the value (percentage points for rates).</summary>
    public string FormatDelta(double delta, string currency)
    {
        var sign = delta > 0 ? "+" : delta < 0 ? "−" : "±";
        var magnitude = Math.Abs(delta);
        return Unit switch
        {
            MetricUnit.Rate => $"{sign}{(magnitude * 100).ToString(_grouped, CultureInfo.InvariantCulture)} pp",
            _ => sign + FormatValue(magnitude, currency),
        };
    }

    public override string ToString() => Key;
}
