using SoundlinkDashboard.Core.Metrics;

namespace SoundlinkDashboard.Components.Pages.Dashboard;

/// <summary>One KPI card's content: the metric, its value in the view and in the previous period, and its sparkline.</summary>
/// <param name="Definition">The metric, from <see cref="MetricCatalogue"/>: label, formatting and which way is good.</param>
/// <param name="Compare">Whether the card shows the change against the previous period.</param>
/// <param name="PeriodLabel">The window's length as the comparison names it ("28 days").</param>
/// <param name="Sparkline">The metric by day over the window, drawn small under the value; built when it is drawn.</param>
public sealed record KpiCardData(MetricDefinition Definition, double? Current, double? Previous = null, bool Compare = true,
    string Currency = "USD", string PeriodLabel = "period", Func<TrendChartConfig>? Sparkline = null);
