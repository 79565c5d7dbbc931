using System.Net;
using System.Text;
using SoundlinkDashboard.Core.Keys;
using SoundlinkDashboard.Core.Teams;

namespace SoundlinkDashboard.Tests.Web;

/// <summary>A key's secret never leaves the vault: not to a page, not to a log, not in plain text to the database file.</summary>
public sealed class SecretTests(SecretTests.App app) : IClassFixture<SecretTests.App>
{
    public sealed class App : AppFactory
    {
        public const string Slug = "canary-team";
        public const string KeyName = "Canary Key";

        /// <summary>A secret no code would write by chance: any trace of it is a leak.</summary>
        public string Canary { get; } = $"sk_canary_{Guid.NewGuid():N}";

        protected override async Task SeedAsync()
        {
            var owner = await CreateUserAsync("canary-owner@example.com");
            var team = await CreateTeamAsync(Slug, "Canary Team");
            await AddToTeamAsync(owner, team, TeamRole.Owner);
            await AddKeyAsync(owner, team, KeyName, Canary);
        }
    }

    /// <summary>The part of the secret that is never shown: everything but the sk_ prefix and the last four characters.</summary>
    private string HiddenPart => app.Canary[3..^4];

    [Fact]
    public async Task The_keys_page_shows_only_the_masked_key_and_no_log_holds_the_secret()
    {
        using var browser = app.NewBrowser();
        await browser.SignInAsync("canary-owner@example.com");

        var page = await browser.GetAsync($"/t/{App.Slug}/settings/keys");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var html = WebUtility.HtmlDecode(page.Html);
        Assert.Contains(App.KeyName, html);
        Assert.Contains(KeyRules.Mask(app.Canary[^4..]), html);
        Assert.DoesNotContain(app.Canary, html);
        Assert.DoesNotContain(HiddenPart, html);
        // The captured logs do cover this request, so an absent secret means something.
        var logs = app.AllLogText();
        Assert.Contains($"/t/{App.Slug}/settings/keys", logs);
        Assert.DoesNotContain(app.Canary, logs);
        Assert.DoesNotContain(HiddenPart, logs);
    }

    [Fact]
    public async Task The_audit_log_names_the_key_only_masked()
    {
        var events = await app.AuditEventsAsync();

        var added = Assert.Single(events, e => e.Kind == Core.Audit.AuditKinds.KeyAdded);
        Assert.Contains(KeyRules.Mask(app.Canary[^4..]), added.Detail);
        Assert.DoesNotContain(events, e => e.Detail.Contains(HiddenPart, StringComparison.Ordinal));
    }

    [Fact]
    public void The_database_files_hold_the_secret_only_encrypted()
    {
        var files = Directory.GetFiles(Path.GetDirectoryName(app.DatabasePath)!, "app.db*");
        Assert.Contains(app.DatabasePath, files);
        foreach (var file in files)
        {
            // The -wal and -shm files come and go with connections; one gone since the listing holds nothing.
            FileStream stream;
            try
            {
                stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            }
            catch (FileNotFoundException) when (file != app.DatabasePath)
            {
                continue;
            }
            using var _ = stream;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(HiddenPart)) < 0, $"{Path.GetFileName(file)} holds the secret in plain text");
            Assert.True(bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(HiddenPart)) < 0, $"{Path.GetFileName(file)} holds the secret in UTF-16");
        }
    }
}
