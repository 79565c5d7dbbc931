using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace SoundlinkDashboard.Components.Layout;

/// <summary>
/// The style sheet MudThemeProvider writes for <see cref="AppTheme"/>, light and dark, rendered once for the whole app.
/// MudThemeProvider builds its 24 KB of CSS variables in every circuit and keeps it there twice (current and previous
/// render tree); this keeps one shared copy of each mode.
/// </summary>
public sealed class ThemeCss(IServiceScopeFactory scopes, ILoggerFactory loggers)
{
    private readonly Lazy<Task<(string Light, string Dark)>> _css = new(() => RenderAsync(scopes, loggers));

    public Task<(string Light, string Dark)> GetAsync() => _css.Value;

    private static async Task<(string, string)> RenderAsync(IServiceScopeFactory scopes, ILoggerFactory loggers)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, loggers);
        return await renderer.Dispatcher.InvokeAsync(async () => (await Render(renderer, false), await Render(renderer, true)));
    }

    private static async Task<string> Render(HtmlRenderer renderer, bool dark)
    {
        var parameters = ParameterView.FromDictionary(new Dictionary<string, object?>
        {
            [nameof(MudThemeProvider.Theme)] = AppTheme.Theme,
            [nameof(MudThemeProvider.IsDarkMode)] = dark,
        });
        var output = await renderer.RenderComponentAsync<MudThemeProvider>(parameters);
        return output.ToHtmlString();
    }
}

/// <summary>Writes <see cref="ThemeCss"/>'s shared style sheet for the mode: one render-tree frame per circuit.</summary>
public sealed class ThemeStyles : ComponentBase
{
    private (string Light, string Dark)? _css;

    [Inject] private ThemeCss Css { get; set; } = default!;

    [Parameter] public bool Dark { get; set; }

    protected override async Task OnInitializedAsync() => _css = await Css.GetAsync();

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        if (_css is { } css)
        {
            builder.AddMarkupContent(0, Dark ? css.Dark : css.Light);
        }
    }
}
