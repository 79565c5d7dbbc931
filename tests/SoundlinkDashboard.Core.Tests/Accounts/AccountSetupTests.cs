using Microsoft.Extensions.DependencyInjection;
using SoundlinkDashboard.Core.Accounts;
using SoundlinkDashboard.Core.Audit;
using SoundlinkDashboard.Core.Teams;
using SoundlinkDashboard.Tests.Support;

namespace SoundlinkDashboard.Core.Tests.Accounts;

public sealed class AccountSetupTests : IAsyncLifetime
{
    private TestStore _store = null!;

    public async Task InitializeAsync() => _store = await TestStore.CreateWithAccountsAsync();

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private AccountService Accounts => _store.Services.GetRequiredService<AccountService>();

    [Fact]
    public async Task Setup_creates_the_first_site_admin_once_and_then_is_not_found()
    {
        Assert.True(await Accounts.IsSetupNeededAsync());

        var admin = await Accounts.CompleteSetupAsync("first@example.test", "first-password");

        Assert.True(admin.IsSiteAdmin);
        Assert.False(await Accounts.IsSetupNeededAsync());
        await Assert.ThrowsAsync<NotFoundException>(() => Accounts.CompleteSetupAsync("second@example.test", "second-password"));
        Assert.Null(await Accounts.FindByEmailAsync("second@example.test"));
        Assert.Equal(1, await _store.ScalarAsync("SELECT COUNT(*) FROM AspNetUsers"));
        var events = await _store.Services.GetRequiredService<AuditLog>().ListAllAsync(Principals.For(admin));
        Assert.Single(events, e => e.Kind == AuditKinds.SetupCompleted);
    }

    [Fact]
    public async Task Setup_is_not_found_once_any_user_exists()
    {
        await Accounts.CreateUserAsync("someone@example.test", "some-password", isSiteAdmin: false);

        await Assert.ThrowsAsync<NotFoundException>(() => Accounts.CompleteSetupAsync("intruder@example.test", "intruder-password"));

        Assert.Null(await Accounts.FindByEmailAsync("intruder@example.test"));
    }

    [Fact]
    public async Task Two_setups_at_once_make_one_admin()
    {
        var attempts = await Task.WhenAll(
            Attempt("one@example.test"), Attempt("two@example.test"), Attempt("three@example.test"));

        Assert.Single(attempts, a => a is null);
        Assert.All(attempts.Where(a => a is not null), a => Assert.IsType<NotFoundException>(a));
        Assert.Equal(1, await _store.ScalarAsync("SELECT COUNT(*) FROM AspNetUsers"));

        async Task<Exception?> Attempt(string email)
        {
            try
            {
                await Accounts.CompleteSetupAsync(email, "setup-password");
                return null;
            }
            catch (Exception ex)
            {
                return ex;
            }
        }
    }
}
