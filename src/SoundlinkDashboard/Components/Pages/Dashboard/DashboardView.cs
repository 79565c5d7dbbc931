using System.Globalization;
using SoundlinkDashboard.Core.Metrics;

namespace SoundlinkDashboard.Components.Pages.Dashboard;

/// <summary>
/// The dashboard's filters as they live in the query string (range, from, to, compare, campaign, country, currency),
/// so that reload, back/forward and a copied link reproduce the view. Dates are UTC.
/// </summary>
public sealed record DashboardView
{
    public static readonly string[] Presets = ["7d", "28d", "90d", "this-month", "last-month", "custom"];

    /// <summary>The longest custom window, in days (ten years).</summary>
    public const int MaxDays = 3660;

    public string Range { get; init; } = "28d";
    public DateOnly From { get; init; }
    public DateOnly To { get; init; }
    public bool Compare { get; init; } = true;
    public IReadOnlyList<string> Campaigns { get; init; } = [];
    public IReadOnlyList<string> Countries { get; init; } = [];
    public string? Currency { get; init; }
    /// <summary>The metric the map is coloured by.</summary>
    public string MapMetric { get; init; } = "streams";
    /// <summary>One or two KPI keys the trend draws.</summary>
    public IReadOnlyList<string> TrendMetrics { get; init; } = DefaultTrend;
    /// <summary>day, week (ISO) or month.</summary>
    public string Grain { get; init; } = "day";
    /// <summary>Why the custom dates of the address were not used (the view fell back to its default), or null.</summary>
    public string? DateProblem { get; init; }

    public static readonly IReadOnlyList<string> DefaultTrend = ["streams", "spend_media"];
    public static readonly string[] Grains = ["day", "week", "month"];

    public MetricsGrouping Grouping => Grain switch
    {
        "week" => MetricsGrouping.Week,
        "month" => MetricsGrouping.Month,
        _ => MetricsGrouping.Day,
    };

    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>
    /// Reads the query values; anything missing or unreadable falls back to "last 28 days". Custom dates that make no window
    /// fall back too, and <see cref="DateProblem"/> says why, so the page can tell the viewer.
    /// </summary>
    public static DashboardView Parse(DashboardQuery query, DateOnly today)
    {
        var (range, from, to, compare, campaigns, countries, currency, map, trend, grain) = query;
        var preset = Presets.Contains(range) ? range! : "28d";
        var trendMetrics = (trend ?? []).Where(k => MetricCatalogue.Find(k) is not null).Distinct().Take(2).ToList();
        var view = new DashboardView
        {
            Compare = compare is not ("0" or "false"),
            Campaigns = (campaigns ?? []).Where(c => !string.IsNullOrWhiteSpace(c)).Distinct(StringComparer.Ordinal).ToList(),
            Countries = (countries ?? []).Select(c => c.Trim().ToUpperInvariant()).Where(c => c.Length == 2).Distinct().ToList(),
            // A currency code is three letters (ISO 4217); anything else is dropped here, and the views and exports
            // still use it only when the data holds it.
            Currency = currency?.Trim().ToUpperInvariant() is { Length: 3 } code && code.All(char.IsAsciiLetterUpper) ? code : null,
            MapMetric = MetricCatalogue.MapChoices.Any(m => m.Key == map) ? map! : "streams",
            TrendMetrics = trendMetrics.Count > 0 ? trendMetrics : DefaultTrend,
            Grain = Grains.Contains(grain) ? grain! : "day",
        };
        if (preset == "custom")
        {
            if (CustomWindow(from, to, out var f, out var t) is { } problem)
            {
                return view.WithPreset("28d", today) with { DateProblem = problem };
            }
            return view with { Range = "custom", From = f, To = t };
        }
        return view.WithPreset(preset, today);
    }

    /// <summary>Why from and to make no custom window, or null when they do.</summary>
    private static string? CustomWindow(string? from, string? to, out DateOnly f, out DateOnly t)
    {
        var fromOk = TryDate(from, out f);
        var toOk = TryDate(to, out t);
        if (!fromOk || !toOk)
        {
            var bad = (fromOk ? [] : new[] { Describe("start", from) }).Concat(toOk ? [] : [Describe("end", to)]);
            return string.Join(", ", bad);
        }
        if (f > t)
        {
            return $"the start {Format(f)} is after the end {Format(t)}";
        }
        if (t.DayNumber - f.DayNumber >= MaxDays)
        {
            return $"{Format(f)} → {Format(t)} is longer than the maximum of {MaxDays} days";
        }
        return null;
    }

    private static string Describe(string end, string? value) => string.IsNullOrEmpty(value)
        ? $"no {end} date"
        : $"the {end} \"{(value.Length > 20 ? value[..20] + "…" : value)}\" is not a date (yyyy-mm-dd)";

    public DashboardView WithPreset(string preset, DateOnly today)
    {
        var first = new DateOnly(today.Year, today.Month, 1);
        var (from, to) = preset switch
        {
            "7d" => (today.AddDays(-6), today),
            "90d" => (today.AddDays(-89), today),
            "this-month" => (first, today),
            "last-month" => (first.AddMonths(-1), first.AddDays(-1)),
            _ => (today.AddDays(-27), today),
        };
        return this with { Range = preset is "7d" or "90d" or "this-month" or "last-month" ? preset : "28d", From = from, To = to };
    }

    /// <summary>The query string parameters of this view (nulls remove a parameter).</summary>
    public IReadOnlyDictionary<string, object?> ToQuery() => new Dictionary<string, object?>
    {
        ["range"] = Range == "28d" ? null : Range,
        ["from"] = Range == "custom" ? Format(From) : null,
        ["to"] = Range == "custom" ? Format(To) : null,
        ["compare"] = Compare ? null : "0",
        ["campaign"] = Campaigns.Count == 0 ? null : Campaigns.ToArray(),
        ["country"] = Countries.Count == 0 ? null : Countries.ToArray(),
        ["currency"] = Currency,
        ["map"] = MapMetric == "streams" ? null : MapMetric,
        ["trend"] = TrendMetrics.SequenceEqual(DefaultTrend) ? null : TrendMetrics.ToArray(),
        ["grain"] = Grain == "day" ? null : Grain,
    };

    /// <summary>The view with the country added to the filter, or removed when it was in it.</summary>
    public DashboardView ToggleCountry(string code) => this with
    {
        Countries = Countries.Contains(code) ? Countries.Where(c => c != code).ToList() : Countries.Append(code).ToList(),
    };

    /// <summary>The group of <paramref name="groups"/> in the currency shown (<see cref="HeadlineCurrency"/> over <paramref name="current"/>).</summary>
    public MetricsGroup? Pick(IReadOnlyList<MetricsGroup>? groups, IReadOnlyList<MetricsGroup>? current)
    {
        if (groups is null || groups.Count == 0)
        {
            return null;
        }
        var currency = HeadlineCurrency.Of(current ?? groups, Currency);
        return groups.FirstOrDefault(g => g.Currency == currency);
    }

    public static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static bool TryDate(string? value, out DateOnly date) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}

/// <summary>One choice of a <c>SearchPicker</c>: the value kept in the view, the text shown, and an optional second line.</summary>
public sealed record PickOption(string Id, string Name, string? Detail = null);
