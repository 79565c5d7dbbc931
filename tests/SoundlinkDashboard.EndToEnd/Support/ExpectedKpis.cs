using System.Globalization;
using Soundlink.Simulator;

namespace SoundlinkDashboard.EndToEnd.Support;

/// <summary>
/// The KPI cards' texts computed here from the simulator's own rows, independently of the app: sums of the rows,
/// ratios recomputed from the sums, formatted as the cards print them (counts N0, money N2, money ratios N3, with
/// the currency; invariant culture; "—" where a value is undefined).
/// </summary>
public static class ExpectedKpis
{
    /// <summary>Card title → text, for the cards the scenario checks.</summary>
    public static IReadOnlyDictionary<string, string> Of(IReadOnlyCollection<SimulatedRow> rows)
    {
        var media = rows.Sum(r => r.SpendMedia);
        var listeners = rows.Sum(r => r.Listeners);
        var followers = rows.Sum(r => r.Followers);
        var streams = rows.Sum(r => r.Streams);
        var impressions = rows.Where(r => r.Impressions is not null).Select(r => r.Impressions!.Value).ToList();
        return new Dictionary<string, string>
        {
            ["Spend (media)"] = Money(media),
            ["Spend (total)"] = Money(rows.Sum(r => r.SpendTotal)),
            ["Fees"] = Money(rows.Sum(r => r.Fees)),
            ["Impressions"] = impressions.Count == 0 ? "—" : Count(impressions.Sum()),
            ["Streams"] = Count(streams),
            ["Listener-days"] = Count(listeners),
            ["Followers"] = Count(followers),
            ["Cost per listener"] = listeners == 0 ? "—" : MoneyRatio(media / listeners),
            ["Cost per follower"] = followers == 0 ? "—" : MoneyRatio(media / followers),
            ["Streams per listener"] = listeners == 0 ? "—" : ((double)((decimal)streams / listeners)).ToString("N2", CultureInfo.InvariantCulture),
        };
    }

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Money(decimal value) => $"{((double)value).ToString("N2", CultureInfo.InvariantCulture)} USD";

    // The cards hold values as double: format through double too, so a ratio ending in an exact 5 rounds the same way.
    private static string MoneyRatio(decimal value) => $"{((double)value).ToString("N3", CultureInfo.InvariantCulture)} USD";
}
