namespace Soundlink.Simulator;

/// <summary>
/// Standalone: <c>dotnet run --project src/Soundlink.Simulator -- --urls http://127.0.0.1:5199</c>. Without a
/// "Simulator" configuration section it serves <see cref="SimulatorOptions.Demo"/> (its key is in the README).
/// A named class, not top-level statements, so test projects that also see the dashboard's Program can reference it.
/// </summary>
public static class SimulatorProgram
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var options = builder.Configuration.GetSection("Simulator").Get<SimulatorOptions>() is { Organizations.Count: > 0 } configured
            ? configured
            : SimulatorOptions.Demo();
        builder.Services.AddSimulator(options);
        var app = builder.Build();
        app.UseSimulatorRequestLog();
        app.MapSimulator();
        if (options.EnableControlEndpoints)
        {
            app.MapSimulatorControl();
        }
        await app.RunAsync();
    }
}
