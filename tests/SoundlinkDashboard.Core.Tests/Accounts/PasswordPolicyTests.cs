using Microsoft.Extensions.DependencyInjection;
using SoundlinkDashboard.Core.Accounts;
using SoundlinkDashboard.Core.Teams;
using SoundlinkDashboard.Tests.Support;

namespace SoundlinkDashboard.Core.Tests.Accounts;

/// <summary>At least 12 characters and not a common password, wherever Identity sets one.</summary>
public sealed class PasswordPolicyTests : IAsyncLifetime
{
    private TestStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStore.CreateWithAccountsAsync();

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private AccountService Accounts => _store.Services.GetRequiredService<AccountService>();

    [Theory]
    [InlineData("password")]
    [InlineData("11111111")]
    [InlineData("short pw")]
    [InlineData("password1234")]
    [InlineData("P@ssw0rd2026!")]
    [InlineData("passwordpassword")]
    [InlineData("qwertyuiop12")]
    [InlineData("123456789012")]
    [InlineData("abcabcabcabc")]
    [InlineData("Iloveyou!!!!")]
    [InlineData("1q2w3e4r5t6y")]
    [InlineData("zzzzzzzzzzzzzzzz")]
    public async Task Weak_passwords_are_refused_for_new_users(string password)
    {
        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Accounts.CreateUserAsync("weak@example.test", password, isSiteAdmin: false));

        Assert.True(error.Errors.ContainsKey("Password"));
        Assert.Null(await Accounts.FindByEmailAsync("weak@example.test"));
    }

    [Fact]
    public async Task Weak_passwords_are_refused_at_setup_and_at_reset()
    {
        await Assert.ThrowsAsync<InvalidInputException>(() => Accounts.CompleteSetupAsync("first@example.test", "password"));
        await Accounts.CompleteSetupAsync("first@example.test", "violet kettle marathon");

        var reset = await Assert.ThrowsAsync<InvalidInputException>(() => Accounts.ResetPasswordAsync("first@example.test", "letmein12345"));

        Assert.Contains(CommonPasswordValidator.Message, reset.Errors["Password"]);
    }

    [Theory]
    [InlineData("violet kettle marathon")]
    [InlineData("correct horse battery")]
    [InlineData("Tr4mpoline-Sauerkraut")]
    [InlineData("long enough pw")]
    public async Task Long_uncommon_passwords_are_accepted(string password)
    {
        var user = await Accounts.CreateUserAsync($"ok{Guid.NewGuid():N}@example.test", password, isSiteAdmin: false);

        Assert.NotNull(user.Id);
    }

    [Fact]
    public void The_list_ships_with_the_app_and_holds_the_usual_suspects()
    {
        Assert.True(CommonPasswordValidator.IsListed("password"));
        Assert.True(CommonPasswordValidator.IsListed("123456789"));
        Assert.True(CommonPasswordValidator.IsListed("qwerty"));
        Assert.True(CommonPasswordValidator.IsCommon("ada.lovelace2026", "ada.lovelace@example.test"));
    }
}
