namespace SoundlinkDashboard.Tests.Cli;

public sealed class UsersCliTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Users_add_creates_an_admin_in_a_team_with_a_role()
    {
        await _cli.RunAsync("teams", "add", "label");

        var (exit, output, _) = await _cli.RunAsync("users", "add", "--email", "ops@example.com", "--password", "long enough pw",
            "--admin", "--team", "label", "--role", "editor");

        Assert.Equal(0, exit);
        Assert.Contains("ops@example.com (site admin), editor of label", output);
        var duplicate = await _cli.RunAsync("users", "add", "--email", "ops@example.com", "--password", "long enough pw");
        Assert.Equal(1, duplicate.Exit);
        Assert.StartsWith("error: ", duplicate.Err);
    }

    [Theory]
    [InlineData("Password2026!")]
    [InlineData("11111111")]
    public async Task Users_add_and_reset_password_refuse_weak_passwords(string password)
    {
        var added = await _cli.RunAsync("users", "add", "--email", "weak@example.com", "--password", password);
        await _cli.RunAsync("users", "add", "--email", "strong@example.com", "--password", "violet kettle marathon");
        var reset = await _cli.RunAsync("users", "reset-password", "--email", "strong@example.com", "--password", password);

        Assert.Equal(1, added.Exit);
        Assert.Equal(1, reset.Exit);
        Assert.StartsWith("error: ", added.Err);
        Assert.StartsWith("error: ", reset.Err);
    }

    [Fact]
    public async Task Reset_password_checks_the_rules_and_the_user()
    {
        await _cli.RunAsync("users", "add", "--email", "a@example.com", "--password", "first password");

        Assert.Equal(0, (await _cli.RunAsync("users", "reset-password", "--email", "a@example.com", "--password", "second password")).Exit);
        var tooShort = await _cli.RunAsync("users", "reset-password", "--email", "a@example.com", "--password", "short");
        Assert.Equal(1, tooShort.Exit);
        Assert.Contains("12", tooShort.Err);
        var unknown = await _cli.RunAsync("users", "reset-password", "--email", "nobody@example.com", "--password", "second password");
        Assert.Equal(1, unknown.Exit);
    }

    [Theory]
    [InlineData("users", "add", "--email", "x@example.com")]
    [InlineData("users", "add", "--email", "x@example.com", "--password", "long enough pw", "--team", "label")]
    [InlineData("users", "add", "--email", "x@example.com", "--password", "long enough pw", "--team", "label", "--role", "boss")]
    [InlineData("users", "frobnicate")]
    public async Task Bad_users_command_lines_exit_2(params string[] args)
    {
        await _cli.RunAsync("teams", "add", "label");

        var (exit, _, error) = await _cli.RunAsync(args);

        Assert.Equal(2, exit);
        Assert.StartsWith("error: ", error);
    }
}
