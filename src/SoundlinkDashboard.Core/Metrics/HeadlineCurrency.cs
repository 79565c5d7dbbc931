namespace SoundlinkDashboard.Core.Metrics;

/// <summary>
/// Which currency a view, an export or a share link shows, since amounts never mix currencies: the one asked for when
/// the data holds it (an unknown value from a query string is never used), else the one with the most media spend.
/// </summary>
public static class HeadlineCurrency
{
    /// <returns>null when <paramref name="groups"/> is empty.</returns>
    public static string? Of(IEnumerable<MetricsGroup> groups, string? asked)
    {
        var list = groups as IReadOnlyCollection<MetricsGroup> ?? groups.ToList();
        return asked is not null && list.Any(g => g.Currency == asked)
            ? asked
            : list.GroupBy(g => g.Currency).OrderByDescending(g => g.Sum(x => x.Totals.SpendMedia)).FirstOrDefault()?.Key;
    }
}
