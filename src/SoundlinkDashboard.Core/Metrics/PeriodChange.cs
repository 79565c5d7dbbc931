namespace SoundlinkDashboard.Core.Metrics;

/// <summary>How a metric moved against the previous period: absolute and relative; null where either side is undefined.</summary>
public readonly record struct PeriodChange(double? Absolute, double? Relative)
{
    public static PeriodChange Between(double? current, double? previous)
    {
        if (current is not { } now || previous is not { } before)
        {
            return new PeriodChange(null, null);
        }
        var delta = now - before;
        return new PeriodChange(delta, before == 0 ? null : delta / Math.Abs(before));
    }
}
