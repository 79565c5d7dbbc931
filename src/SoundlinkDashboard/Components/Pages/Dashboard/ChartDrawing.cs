using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace SoundlinkDashboard.Components.Pages.Dashboard;

/// <summary>
/// Draws one chart into an element with wwwroot/js/trend-chart.js: draws run one after another, and data already drawn
/// is not sent again. A plain object, not a component, so that a KPI card draws its sparkline itself: every component
/// instance costs a circuit two render trees.
/// </summary>
internal sealed class ChartDrawing(TrendChartModule charts)
{
    private int? _drawn;
    private Task _drawing = Task.CompletedTask;

    /// <summary>The element drawn into (set by <c>@ref</c>).</summary>
    public ElementReference Element { get; set; }

    public bool HasDrawn => _drawn is not null;

    /// <summary>Set when a draw failed (a script error, or no answer within the JS interop timeout).</summary>
    public bool Failed { get; private set; }

    /// <summary>
    /// Draws what <paramref name="config"/> builds, after any draw still running. The config is built when it is drawn and
    /// not kept: the page holds its data once, instead of again in every chart.
    /// </summary>
    /// <param name="failed">Called when this draw fails, to show it.</param>
    public Task DrawAsync(Func<TrendChartConfig> config, bool dark, Action failed) =>
        _drawing = DrawAfterAsync(_drawing, config, dark, failed);

    private async Task DrawAfterAsync(Task previous, Func<TrendChartConfig> build, bool dark, Action failed)
    {
        await previous;
        var config = build() with { Dark = dark };
        var fingerprint = config.Fingerprint();
        if (fingerprint == _drawn)
        {
            return;
        }
        var first = _drawn is null;
        _drawn = fingerprint;
        try
        {
            var module = await charts.GetAsync();
            await module.InvokeVoidAsync(first ? "render" : "update", Element, config.ToJson());
        }
        catch (JSDisconnectedException)
        {
        }
        catch (Exception ex) when (ex is JSException or OperationCanceledException)
        {
            Failed = true;
            failed();
        }
    }

    /// <summary>Removes the chart drawn into the element (the module stays for the circuit's other charts).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_drawn is null)
        {
            return;
        }
        try
        {
            var module = await charts.GetAsync();
            await module.InvokeVoidAsync("dispose", Element);
        }
        catch (Exception ex) when (ex is JSDisconnectedException or JSException or OperationCanceledException)
        {
            // The page or its circuit is going away: nothing left to clean up.
        }
    }
}
