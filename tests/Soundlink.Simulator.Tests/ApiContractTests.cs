using System.Net;
using System.Text.Json;

namespace Soundlink.Simulator.Tests;

public sealed class ApiContractTests : IAsyncLifetime
{
    private SimulatorFixture _sim = null!;

    public async Task InitializeAsync() => _sim = await SimulatorFixture.StartAsync();

    public async Task DisposeAsync() => await _sim.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Ping_answers_ok_with_either_header_style(bool bearer)
    {
        var (response, body) = await _sim.GetJsonAsync("/v1/ping", bearer: bearer);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", body.GetProperty("data").GetProperty("status").GetString());
        Assert.True(Guid.TryParse(body.GetProperty("meta").GetProperty("requestId").GetString(), out _));
    }

    [Fact]
    public async Task Both_headers_at_once_are_mixed_credentials()
    {
        var request = _sim.Get("/v1/ping");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", SimulatorFixture.KeyA);

        var response = await _sim.Http.SendAsync(request);

        await AssertErrorAsync(response, HttpStatusCode.Unauthorized, "mixed_credentials");
    }

    [Theory]
    [InlineData(null, "invalid_api_key")]
    [InlineData("sk_nope_0000000000000000", "invalid_api_key")]
    [InlineData(SimulatorFixture.RevokedKey, "api_key_revoked")]
    [InlineData(SimulatorFixture.ExpiredKey, "api_key_expired")]
    public async Task Unusable_keys_answer_401_with_their_code(string? key, string code)
    {
        var response = await _sim.Http.SendAsync(_sim.Get("/v1/ping", key));

        await AssertErrorAsync(response, HttpStatusCode.Unauthorized, code);
    }

    [Fact]
    public async Task A_key_without_the_scope_gets_403_naming_it()
    {
        var ids = await _sim.CampaignIdsAsync();

        var noMetrics = await _sim.Http.SendAsync(_sim.Get($"/v1/campaigns/{ids[0]}/metrics/breakdown/export?startDate=2026-11-01&endDate=2026-11-02", SimulatorFixture.CampaignsOnlyKey));
        var noCampaigns = await _sim.Http.SendAsync(_sim.Get("/v1/campaigns", SimulatorFixture.MetricsOnlyKey));

        var body = await AssertErrorAsync(noMetrics, HttpStatusCode.Forbidden, "insufficient_scope");
        Assert.Contains("metrics:read", body.GetProperty("error").GetProperty("message").GetString());
        await AssertErrorAsync(noCampaigns, HttpStatusCode.Forbidden, "insufficient_scope");
    }

    [Fact]
    public async Task Campaign_pages_walk_to_every_campaign()
    {
        var seen = new List<string>();
        var page = 1;
        int totalPages;
        do
        {
            var (_, body) = await _sim.GetJsonAsync($"/v1/campaigns?page={page}&pageSize=2&sortBy=createdAt&sortOrder=desc");
            var data = body.GetProperty("data");
            seen.AddRange(data.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("campaignId").GetString()!));
            var pagination = data.GetProperty("pagination");
            Assert.Equal(page, pagination.GetProperty("page").GetInt32());
            Assert.Equal(5, pagination.GetProperty("totalCount").GetInt32());
            totalPages = pagination.GetProperty("totalPages").GetInt32();
            page++;
        }
        while (page <= totalPages);

        Assert.Equal(3, totalPages);
        Assert.Equal(5, seen.Distinct().Count());
    }

    [Theory]
    [InlineData("/v1/campaigns?pageSize=101", "page_size_exceeded")]
    [InlineData("/v1/campaigns?page=0", "invalid_query_parameter")]
    [InlineData("/v1/campaigns?pageSize=abc", "invalid_query_parameter")]
    [InlineData("/v1/campaigns?sortBy=name", "invalid_query_parameter")]
    public async Task Bad_paging_answers_400(string path, string code)
    {
        await AssertErrorAsync(await _sim.Http.SendAsync(_sim.Get(path)), HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task Campaign_summaries_carry_the_documented_fields()
    {
        var (_, body) = await _sim.GetJsonAsync("/v1/campaigns?pageSize=100");
        foreach (var item in body.GetProperty("data").GetProperty("items").EnumerateArray())
        {
            foreach (var field in new[] { "campaignId", "organizationId", "status", "socialPlatform", "dailyBudget", "totalBudget", "campaignDuration", "createdAt", "updatedAt" })
            {
                Assert.True(item.TryGetProperty(field, out _), $"missing {field}");
            }
            Assert.Equal(SimulatorFixture.OrgA, item.GetProperty("organizationId").GetString());
            Assert.Equal("meta", item.GetProperty("socialPlatform").GetString());
        }
    }

    [Fact]
    public async Task Another_organisations_campaign_is_campaign_not_found()
    {
        var foreign = (await _sim.CampaignIdsAsync(SimulatorFixture.KeyB))[0];

        await AssertErrorAsync(await _sim.Http.SendAsync(_sim.Get($"/v1/campaigns/{foreign}")), HttpStatusCode.NotFound, "campaign_not_found");
        await AssertErrorAsync(await _sim.Http.SendAsync(_sim.Get($"/v1/campaigns/{foreign}/metrics/breakdown/export?startDate=2026-11-01&endDate=2026-11-02")),
            HttpStatusCode.NotFound, "campaign_not_found");
        var own = await _sim.GetJsonAsync($"/v1/campaigns/{foreign}", SimulatorFixture.KeyB);
        Assert.Equal(HttpStatusCode.OK, own.Response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_path_is_not_found_with_a_request_id()
    {
        var response = await _sim.Http.SendAsync(_sim.Get("/v1/whatever"));

        var body = await AssertErrorAsync(response, HttpStatusCode.NotFound, "not_found");
        Assert.Equal(response.Headers.GetValues("X-Request-Id").Single(), body.GetProperty("meta").GetProperty("requestId").GetString());
    }

    [Fact]
    public async Task Overview_gives_window_totals_without_ctr_or_cpc()
    {
        var id = (await _sim.CampaignIdsAsync())[0];

        var (response, body) = await _sim.GetJsonAsync($"/v1/campaigns/{id}/metrics/overview?startDate=2026-11-01&endDate=2026-11-20");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var data = body.GetProperty("data");
        Assert.True(data.GetProperty("spend_media").GetDecimal() >= 0);
        Assert.False(data.TryGetProperty("ctr_linkclick", out _));
        Assert.False(data.TryGetProperty("cpc_linkclick", out _));
    }

    internal static async Task<JsonElement> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        Assert.Equal(code, body.GetProperty("error").GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("error").GetProperty("message").GetString()));
        Assert.True(Guid.TryParse(body.GetProperty("meta").GetProperty("requestId").GetString(), out _));
        return body;
    }
}
