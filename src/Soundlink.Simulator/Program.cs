using Soundlink.Simulator;

// Standalone: dotnet run --project src/Soundlink.Simulator -- --urls http://127.0.0.1:5199
// Without a "Simulator" configuration section it serves SimulatorOptions.Demo() (its key is in the README).
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
