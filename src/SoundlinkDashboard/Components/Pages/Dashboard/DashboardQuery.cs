namespace SoundlinkDashboard.Components.Pages.Dashboard;

/// <summary>
/// A dashboard address's query string as it arrives, unparsed and untrusted: what the pages receive through
/// <c>[SupplyParameterFromQuery]</c> and the CSV endpoints read from the request. <see cref="DashboardView.Parse"/>
/// turns it into a valid view.
/// </summary>
public sealed record DashboardQuery(
    string? Range = null,
    string? From = null,
    string? To = null,
    string? Compare = null,
    string[]? Campaigns = null,
    string[]? Countries = null,
    string? Currency = null,
    string? Map = null,
    string[]? Trend = null,
    string? Grain = null)
{
    /// <summary>The same names the pages and <see cref="DashboardView.ToQuery"/> use.</summary>
    public static DashboardQuery Of(IQueryCollection query) => new(
        query["range"], query["from"], query["to"], query["compare"], Many(query, "campaign"), Many(query, "country"),
        query["currency"], query["map"], Many(query, "trend"), query["grain"]);

    private static string[]? Many(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) ? values.Where(v => v is not null).Select(v => v!).ToArray() : null;
}
