using SoundlinkDashboard.Core.Metrics;

namespace SoundlinkDashboard.Core.Tests.Metrics;

public sealed class HeadlineCurrencyTests
{
    private static MetricsGroup Group(string currency, string country, decimal spend) =>
        new(currency, country, null, new MetricTotals { SpendMedia = spend });

    private static readonly MetricsGroup[] Groups =
        [Group("EUR", "DE", 70m), Group("USD", "US", 50m), Group("USD", "CA", 40m), Group("GBP", "GB", 10m)];

    [Fact]
    public void Without_a_choice_the_currency_with_the_most_media_spend_summed_over_its_groups_wins() =>
        Assert.Equal("USD", HeadlineCurrency.Of(Groups, null));

    [Fact]
    public void A_currency_the_data_holds_is_taken_as_asked() => Assert.Equal("GBP", HeadlineCurrency.Of(Groups, "GBP"));

    [Theory]
    [InlineData("JPY")]
    [InlineData("=1+1")]
    public void A_currency_the_data_does_not_hold_is_never_used(string asked) => Assert.Equal("USD", HeadlineCurrency.Of(Groups, asked));

    [Fact]
    public void No_groups_no_currency() => Assert.Null(HeadlineCurrency.Of([], "USD"));
}
