using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace Soundlink.Simulator.Tests;

/// <summary>A simulator on loopback with a fake clock, two organisations and keys of every kind.</summary>
public sealed class SimulatorFixture : IAsyncDisposable
{
    public const string OrgA = "a7ac3173-2f71-4e79-921f-d15d7112dd11";
    public const string OrgB = "0b6e9c1e-8a59-4f1c-9a43-5c2f7d1e0a11";
    public const string KeyA = "sk_testa_0123456789abcdef";
    public const string KeyB = "sk_testb_0123456789abcdef";
    public const string CampaignsOnlyKey = "sk_camps_0123456789abcdef";
    public const string MetricsOnlyKey = "sk_metrx_0123456789abcdef";
    public const string RevokedKey = "sk_revkd_0123456789abcdef";
    public const string ExpiredKey = "sk_expir_0123456789abcdef";

    public static readonly DateTimeOffset Start = new(2026, 11, 27, 10, 30, 0, TimeSpan.Zero);

    private SimulatorFixture(SimulatorServer server, FakeTimeProvider time, HttpClient http)
    {
        Server = server;
        Time = time;
        Http = http;
    }

    public SimulatorServer Server { get; }
    public FakeTimeProvider Time { get; }
    public HttpClient Http { get; }

    public static SimulatorOptions Options(int perMinute = 60, int perHour = 600) => new()
    {
        Seed = 7,
        RequestsPerMinute = perMinute,
        RequestsPerHour = perHour,
        Organizations =
        [
            new SimulatedOrganization
            {
                Id = OrgA,
                Campaigns = 5,
                Keys =
                [
                    new SimulatedKey { Secret = KeyA },
                    new SimulatedKey { Secret = CampaignsOnlyKey, Scopes = ["campaigns:read"] },
                    new SimulatedKey { Secret = MetricsOnlyKey, Scopes = ["metrics:read"] },
                    new SimulatedKey { Secret = RevokedKey, Revoked = true },
                    new SimulatedKey { Secret = ExpiredKey, ExpiresAt = Start.AddDays(-1) },
                ],
            },
            new SimulatedOrganization { Id = OrgB, Campaigns = 2, Keys = [new SimulatedKey { Secret = KeyB }] },
        ],
    };

    public static async Task<SimulatorFixture> StartAsync(SimulatorOptions? options = null)
    {
        var time = new FakeTimeProvider(Start);
        var server = await SimulatorServer.StartAsync(options ?? Options(), time);
        return new SimulatorFixture(server, time, new HttpClient { BaseAddress = server.BaseUrl });
    }

    public HttpRequestMessage Get(string path, string? key = KeyA, bool bearer = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            if (bearer)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }
            else
            {
                request.Headers.Add("x-api-key", key);
            }
        }
        return request;
    }

    public async Task<(HttpResponseMessage Response, JsonElement Body)> GetJsonAsync(string path, string? key = KeyA, bool bearer = false)
    {
        var response = await Http.SendAsync(Get(path, key, bearer));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return (response, body);
    }

    public async Task<List<string>> CampaignIdsAsync(string key = KeyA)
    {
        var (_, body) = await GetJsonAsync("/v1/campaigns?pageSize=100", key);
        return body.GetProperty("data").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("campaignId").GetString()!).ToList();
    }

    /// <summary>A campaign of organisation A that has data from 2026-10-01 to today.</summary>
    public string LongRunningCampaign() => Server.Simulator.Catalogue.CampaignsOf(OrgA)
        .First(c => c.Start <= new DateOnly(2026, 10, 1) && c.LastDay >= new DateOnly(2026, 11, 27)).Id;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
