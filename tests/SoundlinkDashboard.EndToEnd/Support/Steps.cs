using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace SoundlinkDashboard.EndToEnd.Support;

/// <summary>
/// Runs a scenario's numbered steps and keeps a full-page screenshot of each as artifacts/e2e/NN-name.png at the
/// repository root (git-ignored), taken whether the step passed or failed, so a failure shows what the browser saw.
/// </summary>
public sealed class Steps
{
    private readonly ITestOutputHelper _output;
    private int _current;
    private string _currentName = "";

    public Steps(ITestOutputHelper output)
    {
        _output = output;
        Folder = Path.Combine(RepositoryRoot(), "artifacts", "e2e");
        Directory.CreateDirectory(Folder);
        foreach (var old in Directory.EnumerateFiles(Folder, "*.png"))
        {
            File.Delete(old);
        }
    }

    public string Folder { get; }

    /// <summary>The page the next screenshot shows (the scenario switches to the share viewer's page).</summary>
    public IPage? Page { get; set; }

    public async Task RunAsync(int number, string name, Func<Task> body)
    {
        _current = number;
        _currentName = name;
        var watch = Stopwatch.StartNew();
        try
        {
            await body();
        }
        catch (Exception ex)
        {
            var shot = await ShotAsync($"{number:00}-{name}");
            throw new StepFailedException(
                $"Step {number:00} ({name}) failed after {watch.Elapsed.TotalSeconds:0.0} s; screenshot: {shot ?? "none"}. {ex.Message}", ex);
        }
        await ShotAsync($"{number:00}-{name}");
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"step {number:00} {name}: {watch.Elapsed.TotalSeconds:0.0} s"));
    }

    /// <summary>An extra screenshot inside the current step, e.g. 05-sync-progress.png.</summary>
    public async Task ExtraShotAsync(string what) => await ShotAsync($"{_current:00}-{_currentName}-{what}");

    private async Task<string?> ShotAsync(string fileName)
    {
        if (Page is null || Page.IsClosed)
        {
            return null;
        }
        var path = Path.Combine(Folder, fileName + ".png");
        try
        {
            // A click on the map scrolls the page; from the top, the fixed app bar is drawn where it belongs.
            await Page.EvaluateAsync("() => window.scrollTo(0, 0)");
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true, Timeout = 15_000 });
            return path;
        }
        catch (PlaywrightException ex)
        {
            // A screenshot that cannot be taken must not hide the step's own outcome.
            _output.WriteLine($"screenshot {fileName} failed: {ex.Message}");
            return null;
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SoundlinkDashboard.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No SoundlinkDashboard.sln above {AppContext.BaseDirectory}.");
    }
}

public sealed class StepFailedException(string message, Exception inner) : Exception(message, inner);
