using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace SoundlinkDashboard.Operations;

/// <summary>The "ForwardedHeaders" section: which reverse proxies may tell the app the client's address and scheme.</summary>
public sealed class ForwardedHeadersSettings
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Proxy addresses, e.g. "10.0.0.2". Nothing is trusted by default (not even loopback).</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation, e.g. "172.18.0.0/16" (a Docker network).</summary>
    public string[] KnownNetworks { get; set; } = [];

    public bool Enabled => KnownProxies.Length + KnownNetworks.Length > 0;
}

public static class ProxyExtensions
{
    /// <summary>
    /// X-Forwarded-For and X-Forwarded-Proto from the configured proxies only: the client address (rate limits, logs)
    /// and the scheme (Secure cookies, HSTS) are the proxy's view. With nothing configured the headers are ignored.
    /// </summary>
    public static IHostApplicationBuilder AddForwardedHeaders(this IHostApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(ForwardedHeadersSettings.Section).Get<ForwardedHeadersSettings>() ?? new();
        builder.Services.AddSingleton(settings);
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in settings.KnownProxies)
            {
                options.KnownProxies.Add(IPAddress.TryParse(proxy.Trim(), out var address)
                    ? address
                    : throw new InvalidOperationException($"ForwardedHeaders:KnownProxies: \"{proxy}\" is not an IP address."));
            }
            foreach (var network in settings.KnownNetworks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network.Trim(), out var parsed)
                    ? parsed
                    : throw new InvalidOperationException($"ForwardedHeaders:KnownNetworks: \"{network}\" is not a CIDR network such as 10.0.0.0/8."));
            }
        });
        return builder;
    }

    /// <summary>
    /// Only with configured proxies: the middleware's defaults trust loopback senders, and emptied lists are not a
    /// safe "trust nothing" (a test showed forwarded headers from loopback still honoured). A proxy on the same
    /// host is configured as 127.0.0.1 like any other.
    /// </summary>
    public static IApplicationBuilder UseTrustedForwardedHeaders(this IApplicationBuilder app) =>
        app.ApplicationServices.GetRequiredService<ForwardedHeadersSettings>().Enabled ? app.UseForwardedHeaders() : app;
}
