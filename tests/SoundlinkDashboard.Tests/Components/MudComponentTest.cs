using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace SoundlinkDashboard.Tests.Components;

/// <summary>
/// A bUnit context with MudBlazor's services and loose JS interop. Popovers (menus, selects) render into a
/// <see cref="MudPopoverProvider"/>, so <see cref="RenderWithPopovers{T}"/> renders one first.
/// </summary>
public abstract class MudComponentTest : BunitContext, IAsyncLifetime
{
    protected MudComponentTest()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddScoped<SoundlinkDashboard.Components.Pages.Dashboard.TrendChartModule>();
    }

    /// <summary>Where open menus and select lists show up; set by <see cref="RenderWithPopovers{T}"/>.</summary>
    protected IRenderedComponent<MudPopoverProvider> Popovers { get; private set; } = default!;

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    /// <summary>MudBlazor's services are only asynchronously disposable.</summary>
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    protected IRenderedComponent<T> RenderWithPopovers<T>(Action<ComponentParameterCollectionBuilder<T>>? parameters = null)
        where T : IComponent
    {
        Popovers = Render<MudPopoverProvider>();
        return Render(parameters ?? (_ => { }));
    }
}
