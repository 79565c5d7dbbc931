using System.Net;
using System.Net.WebSockets;

namespace SoundlinkDashboard.Tests.Web;

/// <summary>Behind a configured TLS proxy: Secure cookies, HSTS and rate limits per forwarded client address.</summary>
public sealed class ProxyTests(ProxyTests.App app) : IClassFixture<ProxyTests.App>
{
    public sealed class App : AppFactory
    {
        protected override string? Environment => "Production";

        protected override int? LoginPerMinute => 2;

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("ForwardedHeaders:KnownProxies:0", "127.0.0.1");
        }

        protected override async Task SeedAsync() => await CreateUserAsync("proxied@example.com");
    }

    private HttpClient RawClient() => new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = app.ServerAddress };

    [Fact]
    public async Task An_https_request_at_the_proxy_gets_secure_cookies_and_hsts()
    {
        using var client = RawClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Account/Login");
        request.Headers.Host = "dashboard.example";
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.50");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.Contains("Strict-Transport-Security"), "no HSTS header");
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task The_auth_cookie_is_secure_behind_an_https_proxy()
    {
        using var client = RawClient();
        HttpRequestMessage Proxied(HttpMethod method, string path)
        {
            var request = new HttpRequestMessage(method, path);
            request.Headers.Host = "dashboard.example";
            request.Headers.Add("X-Forwarded-Proto", "https");
            request.Headers.Add("X-Forwarded-For", "203.0.113.60");
            return request;
        }
        using var get = Proxied(HttpMethod.Get, "/Account/Login");
        using var form = await client.SendAsync(get);
        var page = new Browser.Page(form, await form.Content.ReadAsStringAsync());
        var antiforgery = string.Join("; ", form.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));

        using var post = Proxied(HttpMethod.Post, "/Account/Login");
        post.Headers.Add("Cookie", antiforgery);
        post.Content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = page.HiddenInput("_handler"),
            ["__RequestVerificationToken"] = page.HiddenInput("__RequestVerificationToken"),
            ["Input.Email"] = "proxied@example.com",
            ["Input.Password"] = AppFactory.Password,
        });
        using var signedIn = await client.SendAsync(post);

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var auth = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith(Browser.AuthCookie + "=", StringComparison.Ordinal));
        Assert.Contains("secure", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", auth, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Sign_in_attempts_are_limited_per_forwarded_client_not_for_everyone_behind_the_proxy()
    {
        using var first = app.NewBrowser();
        using var second = app.NewBrowser();
        first.Http.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.1");
        second.Http.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.2");

        for (var attempt = 1; attempt <= 2; attempt++)
        {
            Assert.Equal(HttpStatusCode.OK, (await first.SubmitLoginAsync($"limit{attempt}@example.com", "wrong password here")).Status);
        }
        var refused = await first.SubmitLoginAsync("limit3@example.com", "wrong password here");
        var other = await second.SubmitLoginAsync("limit4@example.com", "wrong password here");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Equal(HttpStatusCode.OK, other.Status);
    }
}

/// <summary>Without configured proxies, forwarded headers are not believed; Blazor's hub refuses other sites' pages.</summary>
public sealed class OriginAndUntrustedProxyTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Forwarded_headers_from_an_unconfigured_proxy_are_ignored()
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = app.ServerAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/setup");
        request.Headers.Host = "dashboard.example";
        request.Headers.Add("X-Forwarded-Proto", "https");

        using var response = await client.SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode} {response.Headers.Location}");
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        Assert.All(response.Headers.GetValues("Set-Cookie"), c => Assert.DoesNotContain("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    private async Task<HttpStatusCode> NegotiateAsync(string? origin, string? host = null)
    {
        using var client = new HttpClient { BaseAddress = app.ServerAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
        if (host is not null)
        {
            request.Headers.Host = host;
        }
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task Negotiate_answers_403_to_a_foreign_origin_and_200_to_its_own_or_none()
    {
        Assert.Equal(HttpStatusCode.Forbidden, await NegotiateAsync("https://evil.example"));
        Assert.Equal(HttpStatusCode.Forbidden, await NegotiateAsync("null"));
        Assert.Equal(HttpStatusCode.Forbidden, await NegotiateAsync($"http://{app.ServerAddress.Host}:1"));
        Assert.Equal(HttpStatusCode.OK, await NegotiateAsync(app.ServerAddress.GetLeftPart(UriPartial.Authority)));
        Assert.Equal(HttpStatusCode.OK, await NegotiateAsync(null));
    }

    [Fact]
    public async Task Behind_a_proxy_that_passes_its_public_host_the_host_decides_whatever_the_scheme()
    {
        Assert.Equal(HttpStatusCode.OK, await NegotiateAsync("https://dashboard.example", host: "dashboard.example"));
        Assert.Equal(HttpStatusCode.Forbidden, await NegotiateAsync("https://evil.example", host: "dashboard.example"));
        Assert.Equal(HttpStatusCode.Forbidden, await NegotiateAsync("https://dashboard.example.evil.example", host: "dashboard.example"));
    }

    [Fact]
    public async Task A_websocket_upgrade_from_a_foreign_origin_is_refused_with_403()
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Origin", "https://evil.example");
        var url = new UriBuilder(app.ServerAddress) { Scheme = "ws", Path = "/_blazor", Query = "id=anything" }.Uri;

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(url, CancellationToken.None));

        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
    }
}
