using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Soundlink.Client.Api;
using Soundlink.Client.Tests.Support;
using Soundlink.Client.Validation;

namespace Soundlink.Client.Tests;

/// <summary>Ids, names and country codes from an upstream or a file are validated where they enter.</summary>
public sealed class HostileInputTests
{
    [Theory]
    [InlineData("campaign_id", " ", "campaign_id must not be empty or blank")]
    [InlineData("campaign_id", "\t", "campaign_id must not be empty or blank")]
    [InlineData("campaign_id", "e-one\na-camp-2", "campaign_id contains a control character")]
    [InlineData("campaign_id", " padded", "campaign_id must not start or end with white space")]
    [InlineData("campaign_name", "\u001b[31mred\u001b[0m", "campaign_name contains a control character")]
    [InlineData("campaign_name", "evil\u202Eeulav", "campaign_name contains a control character")]
    [InlineData("campaign_name", "   ", "campaign_name must not be empty or blank")]
    [InlineData("account_id", "a\u0000b", "account_id contains a control character")]
    public async Task Unsafe_ids_and_names_are_rejected_with_the_field_named(string field, string value, string reason)
    {
        Assert.Contains(reason, await ExportBody.RejectedReasonAsync(RowJson.Valid().With(field, value)));
    }

    [Fact]
    public async Task Over_long_ids_and_names_are_rejected()
    {
        Assert.Contains("longer than 128", await ExportBody.RejectedReasonAsync(RowJson.Valid().With("campaign_id", new string('c', 129))));
        Assert.Contains("longer than 300", await ExportBody.RejectedReasonAsync(RowJson.Valid().With("campaign_name", new string('n', 301))));
        await ExportBody.AcceptedAsync(RowJson.Valid().With("campaign_id", new string('c', 128)).With("campaign_name", new string('n', 300)));
    }

    [Theory]
    [InlineData("XX")]
    [InlineData("UK")]
    [InlineData("EU")]
    [InlineData("ZZ")]
    public async Task Two_letter_codes_that_are_no_country_are_rejected(string code)
    {
        var reason = await ExportBody.RejectedReasonAsync(RowJson.Valid().With("country_code", code));
        Assert.Contains($"country_code \"{code}\" is not an ISO 3166-1 alpha-2 country", reason);
    }

    [Theory]
    [InlineData("XK")]
    [InlineData("GB")]
    [InlineData("SS")]
    [InlineData("AX")]
    public async Task Real_countries_and_kosovo_are_accepted(string code)
    {
        Assert.Equal(code, (await ExportBody.AcceptedAsync(RowJson.Valid().With("country_code", code))).CountryCode);
    }

    [Fact]
    public async Task A_campaign_list_drops_items_with_unusable_ids_and_unsafe_texts()
    {
        await using var upstream = await HostileUpstream.StartAsync("""
            {"data":{"items":[
              {"campaignId":"good-1","artistName":"Nova","trackName":"Lane"},
              {"campaignId":" ","artistName":"blank id"},
              {"campaignId":"bad\u001b[2J","artistName":"escape in id"},
              {"campaignId":"good-2","artistName":"\u001b]0;pwned\u0007","trackName":"Focus","status":"active\r\nX-Injected: 1"}
            ],"pagination":{"page":1,"pageSize":100,"totalCount":4,"totalPages":1}},"meta":{"requestId":"r-1"}}
            """);
        var services = new ServiceCollection();
        services.AddSoundlinkClient();
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<SoundlinkClient>();

        var page = await client.ListCampaignsAsync(new SoundlinkConnection(upstream.BaseUrl, "sk_test_x"));

        Assert.Equal(["good-1", "good-2"], page.Items.Select(i => i.CampaignId));
        Assert.Equal("Nova – Lane", page.Items[0].Label);
        Assert.Null(page.Items[1].ArtistName);
        Assert.Null(page.Items[1].Status);
        Assert.All(page.Items, i => Assert.False(Identifiers.HasUnsafeCharacter(i.Label)));
    }

    [Fact]
    public async Task An_error_envelope_with_escapes_and_a_huge_message_reaches_callers_bounded_and_defanged()
    {
        var message = "\u001b[31m" + new string('m', 5000);
        await using var upstream = await HostileUpstream.StartAsync(
            $$$"""{"error":{"code":"bad code\u001b","message":"{{{message.Replace("\u001b", "\\u001b", StringComparison.Ordinal)}}}"},"meta":{"requestId":"r\u0007"}}""",
            status: 500);
        var services = new ServiceCollection();
        services.AddSoundlinkClient(o => o.MaxRetries = 1);
        await using var provider = services.BuildServiceProvider();

        var error = await Assert.ThrowsAsync<SoundlinkApiException>(() =>
            provider.GetRequiredService<SoundlinkClient>().PingAsync(new SoundlinkConnection(upstream.BaseUrl, "sk_test_x")));

        Assert.Equal("http_500", error.Code);
        Assert.Null(error.RequestId);
        Assert.True(error.ApiMessage.Length <= 501, $"{error.ApiMessage.Length} characters");
        Assert.False(Identifiers.HasUnsafeCharacter(error.ApiMessage));
    }

    /// <summary>A loopback server that answers every request with the same body.</summary>
    private sealed class HostileUpstream : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private HostileUpstream(WebApplication app, Uri baseUrl)
        {
            _app = app;
            BaseUrl = baseUrl;
        }

        public Uri BaseUrl { get; }

        public static async Task<HostileUpstream> StartAsync(string body, int status = 200)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            app.Run(async http =>
            {
                http.Response.StatusCode = status;
                http.Response.ContentType = "application/json";
                await http.Response.WriteAsync(body);
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new HostileUpstream(app, new Uri(address + "/"));
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
