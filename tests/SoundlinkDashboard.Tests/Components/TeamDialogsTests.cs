using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using SoundlinkDashboard.Components.Pages.Dashboard;
using SoundlinkDashboard.Components.Shared;
using SoundlinkDashboard.Core.Accounts;
using SoundlinkDashboard.Core.Metrics;
using SoundlinkDashboard.Core.Sharing;
using SoundlinkDashboard.Core.Teams;
using SoundlinkDashboard.Tests.Web;

namespace SoundlinkDashboard.Tests.Components;

/// <summary>The share dialog and the members editor as live circuits on the app's real services (security audit, findings 3 and 4).</summary>
public sealed class TeamDialogsTests : MudComponentTest, IClassFixture<DashboardAddressTests.App>
{
    private readonly DashboardAddressTests.App _app;

    public TeamDialogsTests(DashboardAddressTests.App app)
    {
        _app = app;
        Services.AddSingleton(app.Services.GetRequiredService<ShareService>());
        Services.AddSingleton(app.Services.GetRequiredService<MembershipService>());
    }

    private ShareService Shares => _app.Services.GetRequiredService<ShareService>();
    private MembershipService Memberships => _app.Services.GetRequiredService<MembershipService>();

    private void SignIn(AppUser user)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized(user.Email!);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, user.Id), new Claim(ClaimTypes.Name, user.Email!));
    }

    private async Task<(AppUser User, int MembershipId)> AddMemberAsync(string word, TeamRole role)
    {
        var user = await _app.CreateUserAsync($"{word}-{Guid.NewGuid():N}@example.com");
        await _app.AddToTeamAsync(user, _app.Team, role);
        var membership = (await Memberships.ListAsync(AppFactory.PrincipalOf(_app.Owner), DashboardAddressTests.App.Slug)).Single(m => m.UserId == user.Id);
        return (user, membership.MembershipId);
    }

    [Fact]
    public async Task An_editor_made_viewer_while_the_share_dialog_is_open_gets_a_message_and_no_link()
    {
        var (editor, membershipId) = await AddMemberAsync("demoted", TeamRole.Editor);
        SignIn(editor);
        var provider = Render<MudDialogProvider>();
        Render<MudPopoverProvider>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var parameters = new DialogParameters<ShareDialog>
        {
            { d => d.TeamSlug, DashboardAddressTests.App.Slug },
            { d => d.View, new DashboardView().WithPreset("28d", today) },
            { d => d.Campaigns, [new CampaignOption(_app.CampaignIds[0], "Campaign 0")] },
        };
        await provider.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<ShareDialog>("Share this view", parameters));
        provider.WaitForAssertion(() => Assert.Contains("Create link", provider.Markup));

        await Memberships.ChangeRoleAsync(AppFactory.PrincipalOf(_app.Owner), DashboardAddressTests.App.Slug, membershipId, TeamRole.Viewer);
        provider.Find("input").Change("For the manager");
        await provider.FindAll("button").Single(b => b.TextContent.Contains("Create link", StringComparison.Ordinal)).ClickAsync(new());

        provider.WaitForAssertion(() => Assert.Contains("you can no longer create share links in this team", provider.Markup));
        Assert.Contains("Create link", provider.Markup);
        var links = await Shares.ListAsync(AppFactory.PrincipalOf(_app.Owner), DashboardAddressTests.App.Slug);
        Assert.DoesNotContain(links, l => l.Name == "For the manager");
    }

    private async Task<IssuedShareLink> LinkByAsync(AppUser user) => await Shares.CreateAsync(AppFactory.PrincipalOf(user),
        DashboardAddressTests.App.Slug, new ShareLinkInput { Name = $"By {user.Email}", CampaignIds = [_app.CampaignIds[0]], RollingDays = 28 });

    private async Task<ShareLinkState> StateAsync(IssuedShareLink link) =>
        (await Shares.ListAsync(AppFactory.PrincipalOf(_app.Owner), DashboardAddressTests.App.Slug)).Single(l => l.Id == link.Link.Id).State;

    [Fact]
    public async Task Removing_a_member_asks_about_their_share_links_and_keeps_them_by_default()
    {
        var (leaver, _) = await AddMemberAsync("keeper", TeamRole.Editor);
        var link = await LinkByAsync(leaver);
        SignIn(_app.Owner);
        var editor = RenderWithPopovers<MembersEditor>(p => p.Add(c => c.TeamSlug, DashboardAddressTests.App.Slug));
        editor.WaitForAssertion(() => Assert.Contains(leaver.Email!, editor.Markup));

        editor.Find($"button[aria-label='Remove {leaver.Email}']").Click();

        var panel = System.Text.RegularExpressions.Regex.Replace(editor.Find(".remove-member").TextContent, @"\s+", " ");
        Assert.Contains("1 share link that still works", panel);
        Assert.True(editor.Find("input[value='keep']").HasAttribute("checked"));
        Assert.False(editor.Find("input[value='revoke']").HasAttribute("checked"));
        Assert.Contains("Keep their share links working (default)", panel);
        await editor.Find(".confirm-remove").ClickAsync(new());

        editor.WaitForAssertion(() => Assert.DoesNotContain(leaver.Email!, editor.Markup));
        Assert.Equal(ShareLinkState.Active, await StateAsync(link));
    }

    [Fact]
    public async Task Removing_a_member_can_revoke_their_share_links_with_them()
    {
        var (leaver, _) = await AddMemberAsync("revoked", TeamRole.Editor);
        var link = await LinkByAsync(leaver);
        SignIn(_app.Owner);
        var editor = RenderWithPopovers<MembersEditor>(p => p.Add(c => c.TeamSlug, DashboardAddressTests.App.Slug));
        editor.WaitForAssertion(() => Assert.Contains(leaver.Email!, editor.Markup));

        editor.Find($"button[aria-label='Remove {leaver.Email}']").Click();
        editor.Find("input[value='revoke']").Change("revoke");
        Assert.Contains("Remove and revoke their links", editor.Find(".confirm-remove").TextContent);
        await editor.Find(".confirm-remove").ClickAsync(new());

        editor.WaitForAssertion(() => Assert.DoesNotContain(leaver.Email!, editor.Markup));
        Assert.Equal(ShareLinkState.Revoked, await StateAsync(link));
        var audit = await _app.AuditEventsAsync();
        Assert.Contains(audit, e => e.Kind == Core.Audit.AuditKinds.MemberShareLinksRevoked && e.Detail.Contains(leaver.Email!, StringComparison.Ordinal));
    }
}
