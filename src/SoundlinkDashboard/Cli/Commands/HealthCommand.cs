using System.CommandLine;

namespace SoundlinkDashboard.Cli.Commands;

/// <summary><c>health [--url URL]</c>: asks a running app over HTTP; never opens the store. The Docker HEALTHCHECK.</summary>
internal sealed class HealthCommand : Command
{
    public const string DefaultUrl = "http://127.0.0.1:8080/healthz";

    public HealthCommand(CliContext cli)
        : base("health", $"Ask a running app's /healthz (default {DefaultUrl}); exit 0 when healthy: the Docker HEALTHCHECK.")
    {
        var url = new Option<string>("--url")
        {
            Description = "the address to ask",
            HelpName = "URL",
            DefaultValueFactory = _ => DefaultUrl,
        };
        url.Validators.Add(result =>
        {
            if (!Uri.TryCreate(result.GetValueOrDefault<string>(), UriKind.Absolute, out _))
            {
                result.AddError("health takes only --url URL");
            }
        });
        Add(url);
        SetAction(async (parse, _) =>
        {
            var address = new Uri(parse.GetRequiredValue(url), UriKind.Absolute);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            try
            {
                using var response = await http.GetAsync(address);
                await cli.Out.WriteLineAsync(await response.Content.ReadAsStringAsync());
                return response.IsSuccessStatusCode ? 0 : 1;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                await cli.Error.WriteLineAsync($"error: {address} did not answer ({ex.Message})");
                return 1;
            }
        });
    }
}
