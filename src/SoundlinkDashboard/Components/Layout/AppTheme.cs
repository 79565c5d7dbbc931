using MudBlazor;

namespace SoundlinkDashboard.Components.Layout;

public static class AppTheme
{
    // System fonts only: the app must work offline, so no web fonts are fetched.
    private static readonly string[] Fonts =
        ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"];

    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f8a5b",
            Secondary = "#5b5bd6",
            AppbarBackground = "#14563a",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#4cc38a",
            Secondary = "#8e8ef0",
            AppbarBackground = "#12241b",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = Fonts },
        },
    };
}
