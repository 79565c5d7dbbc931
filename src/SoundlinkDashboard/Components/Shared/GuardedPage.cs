using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using SoundlinkDashboard.Core.Teams;

namespace SoundlinkDashboard.Components.Shared;

/// <summary>
/// Base of every page that acts for the signed-in user. Handlers go through <see cref="RunAsync"/>, which turns
/// the services' refusals into messages: the services themselves re-check membership, role or admin rights.
/// </summary>
public abstract class GuardedPage : ComponentBase
{
    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;
    [Inject] protected NavigationManager Navigation { get; set; } = default!;
    [Inject] protected ISnackbar Snackbar { get; set; } = default!;

    protected ClaimsPrincipal User { get; private set; } = new();

    /// <summary>Field errors of the last refused input, by field name.</summary>
    protected IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();

    protected async Task<ClaimsPrincipal> LoadUserAsync()
    {
        User = (await AuthenticationState).User;
        return User;
    }

    protected string? ErrorFor(string field) => Errors.GetValueOrDefault(field);

    /// <returns>true when the action went through.</returns>
    protected async Task<bool> RunAsync(Func<Task> action, string? success = null)
    {
        Errors = new Dictionary<string, string>();
        try
        {
            await action();
            if (success is not null)
            {
                Snackbar.Add(success, Severity.Success);
            }
            return true;
        }
        catch (InvalidInputException ex)
        {
            Errors = ex.Errors;
            Snackbar.Add(string.Join(" ", ex.Errors.Values), Severity.Warning);
        }
        catch (ForbiddenException ex)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
        catch (NotFoundException ex)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
        return false;
    }
}

/// <summary>A page under /t/{TeamSlug}: the team is resolved on the server from the user's membership.</summary>
public abstract class TeamPage : GuardedPage
{
    [Parameter] public string TeamSlug { get; set; } = "";
    [Inject] protected TeamAccess Access { get; set; } = default!;

    protected TeamContext? Team { get; private set; }

    protected virtual TeamRole MinimumRole => TeamRole.Viewer;

    protected override async Task OnParametersSetAsync()
    {
        await LoadUserAsync();
        try
        {
            Team = MinimumRole == TeamRole.Owner
                ? await Access.RequireOwnerOrAdminAsync(User, TeamSlug)
                : await Access.RequireAsync(User, TeamSlug, MinimumRole);
        }
        catch (Exception ex) when (ex is NotFoundException or ForbiddenException)
        {
            Team = null;
            Navigation.NotFound();
            return;
        }
        await OnTeamLoadedAsync();
    }

    protected virtual Task OnTeamLoadedAsync() => Task.CompletedTask;
}

/// <summary>A site-admin page: anyone else gets the not-found page.</summary>
public abstract class AdminPage : GuardedPage
{
    [Inject] protected TeamAccess Access { get; set; } = default!;

    protected bool Allowed { get; private set; }

    protected override async Task OnInitializedAsync()
    {
        await LoadUserAsync();
        Allowed = await Access.IsSiteAdminAsync(User);
        if (!Allowed)
        {
            Navigation.NotFound();
            return;
        }
        await OnAdminLoadedAsync();
    }

    protected virtual Task OnAdminLoadedAsync() => Task.CompletedTask;
}
