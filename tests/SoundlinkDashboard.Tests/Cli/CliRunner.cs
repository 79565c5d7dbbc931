using Microsoft.Data.Sqlite;
using SoundlinkDashboard.Cli;

namespace SoundlinkDashboard.Tests.Cli;

/// <summary>Runs CLI commands in-process against a SQLite file of its own.</summary>
public sealed class CliRunner : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sd-cli-tests", Guid.NewGuid().ToString("N"));

    public CliRunner() => Directory.CreateDirectory(_dir);

    public string DatabasePath => Path.Combine(_dir, "cli.db");
    public string KeysPath => Path.Combine(_dir, "keys");

    /// <summary>Base URLs keys may use (Soundlink:AllowedBaseUrls); loopback http ones need Development, which this then sets.</summary>
    public List<string> AllowedBaseUrls { get; } = [];

    public Task<(int Exit, string Out, string Err)> RunAsync(params string[] args) => RunWithInputAsync(null, args);

    public async Task<(int Exit, string Out, string Err)> RunWithInputAsync(string? input, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var stdin = input is null ? null : new MemoryStream(System.Text.Encoding.UTF8.GetBytes(input));
        var exit = await CliApp.RunAsync(args, stdout, stderr, builder =>
        {
            builder.Configuration["ConnectionStrings:Default"] = $"Data Source={DatabasePath}";
            builder.Configuration["DataProtection:KeysPath"] = KeysPath;
            builder.Configuration["Soundlink:Client:RetryBaseDelay"] = "00:00:00.020";
            if (AllowedBaseUrls.Count > 0)
            {
                builder.Environment.EnvironmentName = "Development";
                for (var i = 0; i < AllowedBaseUrls.Count; i++)
                {
                    builder.Configuration[$"Soundlink:AllowedBaseUrls:{i}"] = AllowedBaseUrls[i];
                }
            }
        }, stdin);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}
