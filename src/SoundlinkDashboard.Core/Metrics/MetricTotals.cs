namespace SoundlinkDashboard.Core.Metrics;

/// <summary>
/// Sums over a set of metric rows of one currency, and the ratios recomputed from them (never averaged).
/// Each ratio leaves out the rows whose numerator or denominator is null; a zero or absent denominator
/// gives null. Nullable counts are null when no row reported them.
/// </summary>
public sealed record MetricTotals
{
    public long Rows { get; init; }
    public long? Impressions { get; init; }
    public long? AdClicks { get; init; }
    public long? LinkClicks { get; init; }
    public long Streams { get; init; }
    /// <summary>Summed across days this counts listener-days, not unique listeners.</summary>
    public long Listeners { get; init; }
    public long Followers { get; init; }
    public decimal SpendMedia { get; init; }
    public decimal SpendTotal { get; init; }
    public decimal Fees { get; init; }

    // Ratio parts over the rows where both sides of that ratio are reported.
    public long LinkClicksWithImpressions { get; init; }
    public long ImpressionsWithLinkClicks { get; init; }
    public long AdClicksWithImpressions { get; init; }
    public long ImpressionsWithAdClicks { get; init; }
    public decimal SpendMediaWithLinkClicks { get; init; }
    public decimal SpendMediaWithImpressions { get; init; }
    public long StreamsWithLinkClicks { get; init; }

    // The catalogue's ratios, by the catalogue's formulas.
    public double? Cpl => CplMetric.Value(this);
    public double? Cpf => CpfMetric.Value(this);
    public double? CpcLinkClick => CpcLinkClickMetric.Value(this);
    public double? CtrLinkClick => CtrLinkClickMetric.Value(this);
    public double? CtrAdClick => CtrAdClickMetric.Value(this);
    public double? StreamsPerListener => StreamsPerListenerMetric.Value(this);
    public double? FeeShare => Ratio(Fees, SpendTotal);
    public double? CostPerStream => Ratio(SpendMedia, Streams);
    /// <summary>Cost per thousand impressions, over the rows that report impressions.</summary>
    public double? Cpm => Ratio(SpendMediaWithImpressions * 1000, Impressions ?? 0);

    /// <summary>
    /// Impressions → link clicks → streams → listeners → followers: each step's count, its conversion from the
    /// step before (over the rows that report both) and the media spend per unit of it.
    /// </summary>
    public IReadOnlyList<FunnelStep> Funnel =>
    [
        new("impressions", Impressions, null, Ratio(SpendMediaWithImpressions, Impressions ?? 0)),
        new("link_clicks", LinkClicks, CtrLinkClick, CpcLinkClick),
        new("streams", Streams, Ratio(StreamsWithLinkClicks, LinkClicks ?? 0), CostPerStream),
        new("listeners", Listeners, Ratio(Listeners, Streams), Cpl),
        new("followers", Followers, Ratio(Followers, Listeners), Cpf),
    ];

    private static readonly MetricDefinition CplMetric = MetricCatalogue.Get("cpl");
    private static readonly MetricDefinition CpfMetric = MetricCatalogue.Get("cpf");
    private static readonly MetricDefinition CpcLinkClickMetric = MetricCatalogue.Get("cpc_linkclick");
    private static readonly MetricDefinition CtrLinkClickMetric = MetricCatalogue.Get("ctr_linkclick");
    private static readonly MetricDefinition CtrAdClickMetric = MetricCatalogue.Get("ctr_adclick");
    private static readonly MetricDefinition StreamsPerListenerMetric = MetricCatalogue.Get("streams_per_listener");

    private static double? Ratio(decimal numerator, decimal denominator) =>
        denominator == 0 ? null : (double)(numerator / denominator);
}

public sealed record FunnelStep(string Name, long? Count, double? ConversionFromPrevious, double? CostPer);

/// <summary>
/// One group of a metrics answer: a currency and, unless totals were asked, a country or a period. For days,
/// weeks and months <see cref="ReportDate"/> is the period's first day (weeks are ISO weeks, from Monday).
/// </summary>
public sealed record MetricsGroup(string Currency, string? CountryCode, DateOnly? ReportDate, MetricTotals Totals);

public enum MetricsGrouping
{
    Total,
    Country,
    Day,
    Week,
    Month,
}

/// <summary>A window and the window of the same length just before it, for "compared with the previous period".</summary>
public sealed record PeriodComparison(DateOnly From, DateOnly To, DateOnly PreviousFrom, DateOnly PreviousTo,
    IReadOnlyList<MetricsGroup> Current, IReadOnlyList<MetricsGroup> Previous)
{
    /// <summary>False for a window that starts on the first representable day: nothing comes before it.</summary>
    public bool HasPrevious => PreviousTo < From;
}

/// <summary>What to aggregate. Dates are inclusive UTC report dates; empty lists mean no filter.</summary>
public sealed record MetricsFilter
{
    public required int TeamId { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public IReadOnlyCollection<string> CampaignIds { get; init; } = [];
    public IReadOnlyCollection<string> Countries { get; init; } = [];
}
