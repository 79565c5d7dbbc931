using System.Text.Json;
using SoundlinkDashboard.Core.Metrics;

namespace SoundlinkDashboard.Components.Pages.Dashboard;

/// <summary>What <c>wwwroot/js/trend-chart.js</c> draws: every value is decided here, on the server.</summary>
public sealed record TrendChartConfig(IReadOnlyList<TrendSeries> Series, IReadOnlyList<TrendAxis> Axes, TrendBand? Provisional,
    bool Sparkline, int Height, bool Dark = false)
{
    // The chart goes to JavaScript as JSON text written with these shared options: passed as an object, each circuit's
    // JS runtime would build (and keep) its own serializer metadata for these types.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>What trend-chart.js parses: camelCase, as the JS runtime would write it.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static TrendChartConfig FromJson(string json) => JsonSerializer.Deserialize<TrendChartConfig>(json, Json)!;

    /// <summary>A hash of everything drawn: a chart whose fingerprint did not change is not sent again.</summary>
    public int Fingerprint()
    {
        var hash = new HashCode();
        hash.Add(Provisional);
        hash.Add(Sparkline);
        hash.Add(Height);
        hash.Add(Dark);
        foreach (var axis in Axes)
        {
            hash.Add(axis);
        }
        foreach (var series in Series)
        {
            hash.Add(series.Name);
            hash.Add(series.Metric);
            hash.Add(series.Axis);
            hash.Add(series.Dashed);
            foreach (var point in series.Points)
            {
                hash.Add(point);
            }
        }
        return hash.ToHashCode();
    }
}

/// <param name="Metric">0 or 1: which of the (up to two) metrics this is; it picks the colour.</param>
/// <param name="Axis">Index into <see cref="TrendChartConfig.Axes"/>.</param>
/// <param name="Dashed">The previous period's overlay.</param>
public sealed record TrendSeries(string Name, int Metric, int Axis, bool Dashed, IReadOnlyList<TrendPoint> Points);

/// <param name="X">The current period's bucket start (yyyy-MM-dd), where the point is drawn.</param>
/// <param name="Label">The bucket the value belongs to, as the tooltip names it (differs from X on the previous period's
/// overlay; says so when only part of a week or month lies in the window).</param>
public readonly record struct TrendPoint(string X, double? Y, string Label);

/// <param name="Format">count, money, moneyratio, percent or ratio: metrics of one format share an axis.</param>
/// <param name="Unit">The metrics' <see cref="MetricUnit"/> (count, money, ratio or rate), as trend-chart.js formats them.</param>
/// <param name="Digits">The metrics' <see cref="MetricDefinition.Precision"/>: digits after the point (a rate's: of the percentage).</param>
public sealed record TrendAxis(string Title, string Format, string Currency, string Unit, int Digits)
{
    /// <summary>The axis a metric goes on: costs (money per unit) apart from money sums.</summary>
    public static string FormatOf(MetricDefinition metric) => (metric.Unit, metric.IsRatio) switch
    {
        (MetricUnit.Count, _) => "count",
        (MetricUnit.Money, false) => "money",
        (MetricUnit.Money, true) => "moneyratio",
        (MetricUnit.Rate, _) => "percent",
        _ => "ratio",
    };
}

/// <summary>The shaded stretch whose values may still be revised.</summary>
public sealed record TrendBand(string From, string To, string Label);

/// <summary>Builds a chart's config from the metrics service's groups: buckets, previous-period alignment, axes, band.</summary>
public static class TrendChartBuilder
{
    /// <param name="previous">The previous period's groups, or null for no overlay.</param>
    public static TrendChartConfig Build(IReadOnlyList<MetricDefinition> metrics, MetricsGrouping grain, DateOnly from, DateOnly to,
        IReadOnlyList<MetricsGroup> current, IReadOnlyList<MetricsGroup>? previous, string currency, DateOnly provisionalFrom,
        bool sparkline = false, int height = 320)
    {
        var buckets = Buckets(grain, from, to);
        // The same window as the metrics service's comparison: none before the first representable day.
        var (previousFrom, previousTo) = MetricsService.PreviousPeriod(from, to);
        var previousBuckets = previousTo < from ? Buckets(grain, previousFrom, previousTo) : [];

        var axes = new List<TrendAxis>();
        var axisOf = new List<int>();
        foreach (var metric in metrics)
        {
            var format = TrendAxis.FormatOf(metric);
            var index = axes.FindIndex(a => a.Format == format);
            if (index < 0)
            {
                axes.Add(new TrendAxis(metric.Label, format, currency, metric.Unit.ToString().ToLowerInvariant(), metric.Precision));
                index = axes.Count - 1;
            }
            else
            {
                axes[index] = axes[index] with { Title = $"{axes[index].Title} · {metric.Label}" };
            }
            axisOf.Add(index);
        }

        var series = new List<TrendSeries>();
        for (var m = 0; m < metrics.Count; m++)
        {
            var values = ValuesByBucket(metrics[m], current, currency);
            series.Add(new TrendSeries(metrics[m].Label, m, axisOf[m], false,
                buckets.Select(b => new TrendPoint(Format(b), values.GetValueOrDefault(b), Label(grain, b, from, to))).ToList()));
        }
        if (previous is not null)
        {
            for (var m = 0; m < metrics.Count; m++)
            {
                // The previous period's i-th bucket is drawn over the current period's i-th bucket.
                var values = ValuesByBucket(metrics[m], previous, currency);
                // Both lines get a point on every bucket (a shared tooltip needs equal lengths); a previous period
                // with fewer buckets leaves the last ones empty.
                var points = buckets.Select((b, i) => i < previousBuckets.Count
                    ? new TrendPoint(Format(b), values.GetValueOrDefault(previousBuckets[i]),
                        Label(grain, previousBuckets[i], previousFrom, previousTo))
                    : new TrendPoint(Format(b), null, "")).ToList();
                series.Add(new TrendSeries($"{metrics[m].Label} · previous period", m, axisOf[m], true, points));
            }
        }

        TrendBand? band = null;
        if (provisionalFrom <= to)
        {
            var start = BucketOf(grain, provisionalFrom < from ? from : provisionalFrom);
            band = new TrendBand(Format(start < buckets[0] ? buckets[0] : start), Format(buckets[^1]), "Provisional");
        }
        return new TrendChartConfig(series, axes, band, sparkline, height);
    }

    /// <summary>The first day of every bucket that overlaps the window (weeks are ISO weeks from Monday).</summary>
    public static IReadOnlyList<DateOnly> Buckets(MetricsGrouping grain, DateOnly from, DateOnly to)
    {
        var list = new List<DateOnly>();
        for (DateOnly? b = BucketOf(grain, from); b is { } bucket && bucket <= to; b = Next(grain, bucket))
        {
            list.Add(bucket);
        }
        return list;
    }

    /// <summary>The next bucket's first day; null past the last representable day (a window may end on 9999-12-31).</summary>
    private static DateOnly? Next(MetricsGrouping grain, DateOnly bucket) => grain switch
    {
        MetricsGrouping.Month => bucket is { Year: 9999, Month: 12 } ? null : bucket.AddMonths(1),
        MetricsGrouping.Week => DateOnly.MaxValue.DayNumber - bucket.DayNumber < 7 ? null : bucket.AddDays(7),
        _ => bucket == DateOnly.MaxValue ? null : bucket.AddDays(1),
    };

    public static DateOnly BucketOf(MetricsGrouping grain, DateOnly day) => grain switch
    {
        MetricsGrouping.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        MetricsGrouping.Month => new DateOnly(day.Year, day.Month, 1),
        _ => day,
    };

    /// <summary>How the tooltip names a bucket: the day, "Week of …" or "Nov 2026", and how much of it the window covers.</summary>
    public static string Label(MetricsGrouping grain, DateOnly bucket, DateOnly from, DateOnly to)
    {
        if (grain is not (MetricsGrouping.Week or MetricsGrouping.Month))
        {
            return Format(bucket);
        }
        // The bucket's last day, cut at the last representable day.
        var end = grain == MetricsGrouping.Week
            ? DateOnly.FromDayNumber(Math.Min(DateOnly.MaxValue.DayNumber, bucket.DayNumber + 6))
            : new DateOnly(bucket.Year, bucket.Month, DateTime.DaysInMonth(bucket.Year, bucket.Month));
        var name = Names.GetOrAdd((grain, bucket), static key => key.Grain == MetricsGrouping.Week
            ? $"Week of {Format(key.Bucket)}"
            : key.Bucket.ToString("MMM yyyy", System.Globalization.CultureInfo.InvariantCulture));
        var covered = (end < to ? end : to).DayNumber - (bucket > from ? bucket : from).DayNumber + 1;
        var days = end.DayNumber - bucket.DayNumber + 1;
        return covered < days ? $"{name} ({covered} of {days} days)" : name;
    }

    // Every chart of every circuit labels its points with these few hundred strings: one shared copy of each, instead
    // of one per point per chart held by each circuit's render tree.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<DateOnly, string> Days = new();
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(MetricsGrouping Grain, DateOnly Bucket), string> Names = new();

    private static Dictionary<DateOnly, double?> ValuesByBucket(MetricDefinition metric, IReadOnlyList<MetricsGroup> groups, string currency) =>
        groups.Where(g => g.Currency == currency && g.ReportDate is not null)
            .ToDictionary(g => g.ReportDate!.Value, g => metric.Value(g.Totals));

    private static string Format(DateOnly day) => Days.GetOrAdd(day, DashboardView.Format);
}
