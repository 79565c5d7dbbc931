using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Soundlink.Simulator;

/// <summary>A simulator on real loopback HTTP inside the calling process: for tests, the demo and benchmarks.</summary>
public sealed class SimulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SimulatorServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }
    public Simulator Simulator => _app.Services.GetRequiredService<Simulator>();
    public SimulatorState State => Simulator.State;

    public static async Task<SimulatorServer> StartAsync(SimulatorOptions options, TimeProvider? time = null, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        builder.Services.AddSimulator(options, time);
        var app = builder.Build();
        app.UseSimulatorRequestLog();
        app.MapSimulator();
        if (options.EnableControlEndpoints)
        {
            app.MapSimulatorControl();
        }
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SimulatorServer(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public static class SimulatorServiceExtensions
{
    public static IServiceCollection AddSimulator(this IServiceCollection services, SimulatorOptions options, TimeProvider? time = null)
    {
        services.AddSingleton(options);
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddSingleton<SimulatorState>();
        services.AddSingleton<Simulator>(sp => new Simulator(options, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<SimulatorState>()));
        return services;
    }

    /// <summary>Records every request (method, path, which auth headers came, status) for tests to inspect.</summary>
    public static IApplicationBuilder UseSimulatorRequestLog(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        await next();
        var simulator = http.RequestServices.GetRequiredService<Simulator>();
        simulator.State.Record(new RecordedRequest(simulator.Time.GetUtcNow(), http.Request.Method,
            http.Request.Path + http.Request.QueryString, http.Request.Headers.ContainsKey("x-api-key"),
            http.Request.Headers.ContainsKey("Authorization"), http.Request.Headers.Accept.FirstOrDefault(), http.Response.StatusCode));
    });
}
