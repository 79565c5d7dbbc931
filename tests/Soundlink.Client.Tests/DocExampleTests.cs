using Soundlink.Client.Export;
using Soundlink.Client.Tests.Support;

namespace Soundlink.Client.Tests;

/// <summary>The documentation's two example rows (US and DE, 2026-04-01, "Sleep Playlist") as exact vectors.</summary>
public class DocExampleTests
{
    [Fact]
    public async Task Reads_the_doc_example_body_given_as_one_json_string()
    {
        var results = await ExportBody.ReadAsync(DocExample.JsonStringBody);

        Assert.Collection(results,
            us =>
            {
                Assert.Equal(1, us.LineNumber);
                Assert.Null(us.Error);
                AssertUsRow(us.Row);
            },
            de =>
            {
                Assert.Equal(2, de.LineNumber);
                Assert.Null(de.Error);
                AssertDeRow(de.Row);
            });
    }

    [Fact]
    public async Task Reads_the_doc_example_rows_given_as_plain_jsonl()
    {
        var results = await ExportBody.ReadAsync(ExportBody.Jsonl(DocExample.UsLine, DocExample.DeLine));

        Assert.Equal(2, results.Count);
        Assert.Equal([1L, 2L], results.Select(r => r.LineNumber));
        AssertUsRow(results[0].Row);
        AssertDeRow(results[1].Row);
    }

    [Fact]
    public async Task Reads_the_doc_example_body_one_byte_per_read()
    {
        var body = new TrickleStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(DocExample.JsonStringBody)));

        var results = await ExportBody.ReadAsync(body);

        Assert.Equal(2, results.Count);
        AssertUsRow(results[0].Row);
        AssertDeRow(results[1].Row);
        Assert.True(body.Reads >= DocExample.JsonStringBody.Length, $"the wrapper should have been read one byte at a time: {body.Reads} reads of {DocExample.JsonStringBody.Length}");
    }

    [Fact]
    public async Task Doc_example_money_adds_up_exactly()
    {
        var rows = (await ExportBody.ReadAsync(DocExample.JsonStringBody)).Select(r => r.Row!).ToList();

        Assert.All(rows, row => Assert.Equal(row.SpendTotal, row.SpendMedia + row.Fees));
        Assert.Equal(60.70m, rows.Sum(r => r.SpendMedia));
        Assert.Equal(75.88m, rows.Sum(r => r.SpendTotal));
    }

    internal static void AssertUsRow(CampaignCountryDailyRow? row)
    {
        Assert.NotNull(row);
        AssertSharedFields(row);
        Assert.Equal("US", row.CountryCode);
        Assert.Equal(4821L, row.Impressions);
        Assert.Equal(112L, row.AdClicks);
        Assert.Equal(89L, row.LinkClicks);
        Assert.Equal(203L, row.Streams);
        Assert.Equal(145L, row.Listeners);
        Assert.Equal(12L, row.Followers);
        Assert.Equal(1.4, row.StreamsPerListener);
        Assert.Equal(42.50m, row.SpendMedia);
        Assert.Equal(53.13m, row.SpendTotal);
        Assert.Equal(10.63m, row.Fees);
        Assert.Equal(0.293, row.Cpl);
        Assert.Equal(3.542, row.Cpf);
        Assert.Equal(0.478, row.CpcLinkClick);
        Assert.Equal(0.0185, row.CtrLinkClick);
        Assert.Equal(0.0232, row.CtrAdClick);
        Assert.Equal(3.542, row.CostPerResult);
    }

    internal static void AssertDeRow(CampaignCountryDailyRow? row)
    {
        Assert.NotNull(row);
        AssertSharedFields(row);
        Assert.Equal("DE", row.CountryCode);
        Assert.Equal(2103L, row.Impressions);
        Assert.Equal(48L, row.AdClicks);
        Assert.Equal(31L, row.LinkClicks);
        Assert.Equal(87L, row.Streams);
        Assert.Equal(61L, row.Listeners);
        Assert.Equal(4L, row.Followers);
        Assert.Equal(1.43, row.StreamsPerListener);
        Assert.Equal(18.20m, row.SpendMedia);
        Assert.Equal(22.75m, row.SpendTotal);
        Assert.Equal(4.55m, row.Fees);
        Assert.Equal(0.298, row.Cpl);
        Assert.Equal(4.55, row.Cpf);
        Assert.Equal(0.587, row.CpcLinkClick);
        Assert.Equal(0.0148, row.CtrLinkClick);
        Assert.Equal(0.0228, row.CtrAdClick);
        Assert.Equal(4.55, row.CostPerResult);
    }

    private static void AssertSharedFields(CampaignCountryDailyRow row)
    {
        Assert.Equal("soundlink", row.Provider);
        Assert.Equal("a7ac3173-2f71-4e79-921f-d15d7112dd11", row.AccountId);
        Assert.Equal(new DateOnly(2026, 4, 1), row.ReportDate);
        Assert.Equal(new DateTimeOffset(2026, 5, 20, 3, 0, 0, TimeSpan.Zero), row.ExportedAt);
        Assert.Equal(TimeSpan.Zero, row.ExportedAt.Offset);
        Assert.Equal("f1e28d31-c358-4284-9bef-00a2334625fd", row.CampaignId);
        Assert.Equal("Sleep Playlist", row.CampaignName);
        Assert.Equal("track", row.CampaignTargetType);
        Assert.Equal("DEXW62500259", row.CampaignTargetIsrc);
        Assert.Equal("6habFhsOp2NvndAvgiJ01P", row.CampaignTargetSpotifyTrackId);
        Assert.Null(row.CampaignTargetPlaylistId);
        Assert.Equal("USD", row.Currency);
        Assert.Equal("USD", row.CurrencyAccount);
        Assert.Equal("follow", row.ResultType);
    }
}
