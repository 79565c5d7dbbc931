using System.Text;
using SoundlinkDashboard.Core.Export;
using SoundlinkDashboard.Core.Metrics;
using SoundlinkDashboard.Core.Teams;

namespace SoundlinkDashboard.Components.Pages.Dashboard;

/// <summary>
/// CSV downloads of the dashboard's country table and daily series, for the same view (the same query string), with
/// the digits the screen shows. Signed-in members only; the team is checked like every other data path.
/// </summary>
public static class DashboardExports
{
    public static IEndpointRouteBuilder MapDashboardExports(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/t/{teamSlug}/export/{kind}.csv", async (string teamSlug, string kind, HttpContext http, DashboardQueries queries) =>
        {
            if (kind is not ("countries" or "daily"))
            {
                return Results.NotFound();
            }
            var query = http.Request.Query;
            var view = DashboardView.Parse(DashboardQuery.Of(query), queries.Today);
            var request = new DashboardRequest(view.From, view.To, view.Campaigns, view.Countries);
            try
            {
                IReadOnlyList<MetricsGroup> groups;
                if (kind == "countries")
                {
                    groups = (await queries.LoadAsync(http.User, teamSlug, request, http.RequestAborted)).ByCountry;
                }
                else
                {
                    groups = await queries.DailyAsync(http.User, teamSlug, request, http.RequestAborted);
                }
                var currency = HeadlineCurrency.Of(groups, view.Currency) ?? "USD";
                var csv = Csv(groups.Where(g => g.Currency == currency).ToList(), kind == "countries" ? "country_code" : "report_date", currency);
                var name = $"{teamSlug}_{kind}_{DashboardView.Format(view.From)}_{DashboardView.Format(view.To)}.csv";
                return Results.File(Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", name);
            }
            catch (NotFoundException)
            {
                return Results.NotFound();
            }
        }).RequireAuthorization();
        return endpoints;
    }

    /// <param name="metrics">The columns: every metric unless a share link pins fewer.</param>
    internal static string Csv(IReadOnlyList<MetricsGroup> groups, string keyName, string currency, IReadOnlyList<MetricDefinition>? metrics = null)
    {
        metrics ??= MetricCatalogue.All;
        return CsvWriter.Write(
            metrics.Select(k => k.CsvHeader(currency)).Prepend(keyName),
            groups.Select(group => metrics.Select(kpi => kpi.FormatPlain(kpi.Value(group.Totals)))
                .Prepend(group.CountryCode ?? (group.ReportDate is { } day ? DashboardView.Format(day) : ""))));
    }
}
