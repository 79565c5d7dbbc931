using SoundlinkDashboard.Core.Metrics;
using SoundlinkDashboard.Core.Store;
using SoundlinkDashboard.Tests.Support;

namespace SoundlinkDashboard.Core.Tests.Metrics;

public sealed class MetricCatalogueTests
{
    /// <summary>
    /// The rollup lists stay explicit SQL (RollupMeasures, the Rollups migration, RollupAudit, MetricsService's
    /// measures): a metric whose measure one of them lacks would read a sum the store does not keep.
    /// </summary>
    [Fact]
    public async Task Every_measure_of_the_catalogue_is_kept_by_the_rollups_and_read_by_the_metrics_service()
    {
        var measures = MetricCatalogue.Measures.Select(m => m.Name).ToList();
        Assert.NotEmpty(measures);

        Assert.Empty(measures.Except(RollupMeasures.Columns));
        Assert.Empty(measures.Except(MetricsService.MeasureColumns));
        // The audit writes a sum over MetricRows for each rollup column (and throws for a column it lacks).
        Assert.NotEmpty(RollupAudit.MeasureSums);

        await using var store = await TestStore.CreateAsync();
        await using var connection = await store.Store.OpenAsync();
        foreach (var (table, _, _) in RollupAudit.Tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
            var columns = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                columns.Add(reader.GetString(0));
            }
            Assert.NotEmpty(columns);
            Assert.Empty(measures.Except(columns));
        }
    }

    [Fact]
    public void Keys_are_unique_and_every_list_of_metrics_is_drawn_from_the_catalogue()
    {
        Assert.Equal(MetricCatalogue.All.Count, MetricCatalogue.Keys.Distinct(StringComparer.Ordinal).Count());
        Assert.All(MetricCatalogue.All, m => Assert.Same(m, MetricCatalogue.Get(m.Key)));
        Assert.Equal(MetricCatalogue.All.OrderBy(m => m.Key), MetricCatalogue.SumsFirst.OrderBy(m => m.Key));
        Assert.Subset(MetricCatalogue.All.ToHashSet(), MetricCatalogue.CountryTableColumns.ToHashSet());
        Assert.Subset(MetricCatalogue.All.ToHashSet(), MetricCatalogue.MapChoices.ToHashSet());
    }

    [Fact]
    public void A_ratio_is_recomputed_from_its_summed_parts_and_undefined_over_zero()
    {
        var totals = new MetricTotals { Rows = 2, Streams = 30, Listeners = 12, SpendMedia = 6m, Followers = 0, LinkClicks = null };

        Assert.Equal(0.5, MetricCatalogue.Get("cpl").Value(totals));
        Assert.Equal(2.5, MetricCatalogue.Get("streams_per_listener").Value(totals));
        Assert.Null(MetricCatalogue.Get("cpf").Value(totals));
        Assert.Null(MetricCatalogue.Get("cpc_linkclick").Value(totals));
        Assert.Null(MetricCatalogue.Get("link_clicks").Value(totals));
        Assert.Equal(6m, MetricCatalogue.Get("spend_media").Exact(totals));
        Assert.Equal(30L, MetricCatalogue.Get("streams").Exact(totals));
    }
}
