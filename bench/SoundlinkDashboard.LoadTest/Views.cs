using System.Globalization;
using System.Text;

namespace SoundlinkDashboard.LoadTest;

/// <summary>
/// The dashboard views the sessions move between. The generated rows cover 2025-01-01..2025-12-31, so the presets
/// relative to today (range=7d/28d/90d) would show "No data in this range" on any later date: the windows are the
/// same lengths ending on the data's last day, as custom ranges (range=custom&amp;from=..&amp;to=..), with campaign,
/// country and granularity filters on top.
/// </summary>
internal static class Views
{
    public const string Path = "t/" + AppUnderTest.Team;

    private static readonly DateOnly LastDay = new(2025, 12, 31);

    /// <summary>
    /// The view a session opens on: 29 days, a length no filter change uses, so the server's "ready in" lines of
    /// the opening renders are told apart from those of the filter changes by their From date.
    /// </summary>
    public static readonly DateOnly InitialFrom = LastDay.AddDays(-28);

    private static readonly string[] Countries = ["US", "GB", "DE", "FR", "BR", "MX", "JP", "SE", "IN", "AU"];

    public static string Initial => Query(InitialFrom, LastDay, [], [], null);

    /// <summary>A view different from <paramref name="current"/>, picked at random.</summary>
    public static string Next(Random random, int campaigns, string current)
    {
        while (true)
        {
            var days = random.Next(3) switch { 0 => 7, 1 => 28, _ => 90 };
            var from = LastDay.AddDays(1 - days);
            string[] campaignIds = [];
            string[] countries = [];
            string? grain = null;
            switch (random.Next(7))
            {
                case 0:
                case 1:
                    break;
                case 2:
                    grain = "week";
                    break;
                case 3:
                    campaignIds = [CampaignId(random.Next(campaigns))];
                    break;
                case 4:
                    campaignIds = Enumerable.Range(0, campaigns).OrderBy(_ => random.Next()).Take(5).Select(CampaignId).ToArray();
                    break;
                case 5:
                    countries = [Countries[random.Next(Countries.Length)]];
                    break;
                default:
                    campaignIds = [CampaignId(random.Next(campaigns))];
                    countries = Countries.OrderBy(_ => random.Next()).Take(2).ToArray();
                    break;
            }
            var next = Query(from, LastDay, campaignIds, countries, grain);
            if (next != current)
            {
                return next;
            }
        }
    }

    /// <summary>The campaign ids ExportGenerator writes: campaign n is "{n:x8}-58d3-4c1e-9b7a-{n:x12}".</summary>
    public static string CampaignId(int n) => $"{n:x8}-58d3-4c1e-9b7a-{n:x12}";

    private static string Query(DateOnly from, DateOnly to, string[] campaigns, string[] countries, string? grain)
    {
        var query = new StringBuilder(Path);
        query.Append(CultureInfo.InvariantCulture, $"?range=custom&from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}");
        foreach (var campaign in campaigns)
        {
            query.Append("&campaign=").Append(campaign);
        }
        foreach (var country in countries)
        {
            query.Append("&country=").Append(country);
        }
        if (grain is not null)
        {
            query.Append("&grain=").Append(grain);
        }
        return query.ToString();
    }
}
