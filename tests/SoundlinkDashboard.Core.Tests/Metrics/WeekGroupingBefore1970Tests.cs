using System.Globalization;
using SoundlinkDashboard.Core.Metrics;
using SoundlinkDashboard.Tests.Support;

namespace SoundlinkDashboard.Core.Tests.Metrics;

/// <summary>Weeks and months of dates before 1970-01-01 (negative day numbers), against an independent computation.</summary>
public sealed class WeekGroupingBefore1970Tests : IAsyncLifetime
{
    private TestStore _store = null!;
    private int _team;
    private List<TestRow> _rows = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync();
        _team = await _store.CreateTeamAsync();
        // 1969-11-20 .. 1970-01-18: weeks before, across and after the epoch (1970-01-01 was a Thursday).
        _rows = TestRows.Generate(seed: 69, campaigns: 2, days: 60, countries: 3, start: new DateOnly(1969, 11, 20), twoCurrencies: false);
        await _store.ImportAsync(_team, _rows);
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private static DateOnly IsoMonday(DateOnly day) =>
        DateOnly.FromDateTime(ISOWeek.ToDateTime(ISOWeek.GetYear(day.ToDateTime(TimeOnly.MinValue)),
            ISOWeek.GetWeekOfYear(day.ToDateTime(TimeOnly.MinValue)), DayOfWeek.Monday));

    [Theory]
    [InlineData(false, null)]
    [InlineData(true, null)]
    [InlineData(false, "US")]
    [InlineData(true, "DE")]
    public async Task Weeks_before_1970_start_on_the_iso_monday_and_hold_that_weeks_rows(bool metricRowsOnly, string? country)
    {
        var filter = new MetricsFilter { TeamId = _team, Countries = country is null ? [] : [country] };

        var weeks = await _store.Metrics.QueryAsync(filter, MetricsGrouping.Week, metricRowsOnly);

        var expected = _rows.Where(r => country is null || r.Country == country)
            .GroupBy(r => IsoMonday(r.Date))
            .OrderBy(g => g.Key)
            .Select(g => (g.Key, g.Sum(r => (long)r.Streams), (long)g.Count()))
            .ToList();
        Assert.Equal(expected, weeks.Select(g => (g.ReportDate!.Value, g.Totals.Streams, g.Totals.Rows)));
        Assert.All(weeks, g => Assert.Equal(DayOfWeek.Monday, g.ReportDate!.Value.DayOfWeek));
        Assert.Contains(weeks, g => g.ReportDate!.Value.Year == 1969);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Months_before_1970_start_on_the_first_and_hold_that_months_rows(bool metricRowsOnly)
    {
        var months = await _store.Metrics.QueryAsync(new MetricsFilter { TeamId = _team, Countries = ["US", "DE", "GB"] }, MetricsGrouping.Month,
            metricRowsOnly);

        var expected = _rows.GroupBy(r => new DateOnly(r.Date.Year, r.Date.Month, 1)).OrderBy(g => g.Key)
            .Select(g => (g.Key, g.Sum(r => (long)r.Streams))).ToList();
        Assert.Equal(expected, months.Select(g => (g.ReportDate!.Value, g.Totals.Streams)));
    }
}

/// <summary>The previous period of a window at the very start or end of the calendar (audit: 0001-01-01 and 9999-12).</summary>
public sealed class CalendarEdgeTests : IAsyncLifetime
{
    private TestStore _store = null!;
    private int _team;

    public async Task InitializeAsync()
    {
        _store = await TestStore.CreateAsync();
        _team = await _store.CreateTeamAsync();
        await _store.ImportAsync(_team, TestRows.Generate(seed: 7, campaigns: 1, days: 5, countries: 2, start: new DateOnly(2026, 3, 1)));
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task A_window_from_0001_01_01_has_no_previous_period_instead_of_an_underflow()
    {
        var comparison = await _store.Metrics.CompareWithPreviousAsync(new MetricsFilter
        {
            TeamId = _team, From = DateOnly.MinValue, To = new DateOnly(1, 1, 28),
        });

        Assert.False(comparison.HasPrevious);
        Assert.Empty(comparison.Previous);
        Assert.Empty(comparison.Current);
    }

    [Fact]
    public async Task A_previous_period_that_would_start_before_year_1_is_cut_at_0001_01_01()
    {
        var comparison = await _store.Metrics.CompareWithPreviousAsync(new MetricsFilter
        {
            TeamId = _team, From = new DateOnly(1, 1, 10), To = new DateOnly(1, 2, 28),
        });

        Assert.True(comparison.HasPrevious);
        Assert.Equal((DateOnly.MinValue, new DateOnly(1, 1, 9)), (comparison.PreviousFrom, comparison.PreviousTo));
    }

    [Theory]
    [InlineData(MetricsGrouping.Week)]
    [InlineData(MetricsGrouping.Month)]
    [InlineData(MetricsGrouping.Day)]
    public async Task The_last_representable_month_is_answered(MetricsGrouping grain)
    {
        var filter = new MetricsFilter { TeamId = _team, From = new DateOnly(9999, 12, 1), To = DateOnly.MaxValue };

        Assert.Empty(await _store.Metrics.QueryAsync(filter, grain));
        Assert.Empty((await _store.Metrics.CompareWithPreviousAsync(filter)).Current);
    }
}
