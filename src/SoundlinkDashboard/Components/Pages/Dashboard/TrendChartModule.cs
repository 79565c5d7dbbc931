using Microsoft.JSInterop;

namespace SoundlinkDashboard.Components.Pages.Dashboard;

/// <summary>
/// wwwroot/js/trend-chart.js, imported once per circuit for all of its charts: the trend chart and the KPI cards'
/// sparklines share one import instead of holding an import and a module reference each.
/// </summary>
internal sealed class TrendChartModule(IJSRuntime js) : IAsyncDisposable
{
    private Task<IJSObjectReference>? _module;

    /// <summary>The module; a failed import is tried again by the next caller.</summary>
    public Task<IJSObjectReference> GetAsync()
    {
        if (_module is null || _module.IsFaulted || _module.IsCanceled)
        {
            _module = js.InvokeAsync<IJSObjectReference>("import", "./js/trend-chart.js").AsTask();
        }
        return _module;
    }

    public async ValueTask DisposeAsync()
    {
        if (_module is not { IsCompletedSuccessfully: true })
        {
            return;
        }
        try
        {
            await (await _module).DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
        }
    }
}
