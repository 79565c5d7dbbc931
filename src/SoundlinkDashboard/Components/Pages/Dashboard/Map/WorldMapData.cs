using System.Text.Json;

namespace SoundlinkDashboard.Components.Pages.Dashboard.Map;

/// <summary>A country on the map: its ISO alpha-2 code, English name and SVG path (Equal Earth, 1000 wide).</summary>
public sealed record MapCountry(string Code, string Name, string Path)
{
    /// <summary>
    /// The country's shape with no value and nothing to click, as one piece of markup shared by every circuit: most
    /// countries have no data in a view, and as elements each would keep six render-tree frames and a label per circuit.
    /// </summary>
    public string EmptyMarkup { get; } =
        $"<path d=\"{Path}\" fill=\"var(--map-empty)\" data-code=\"{Code}\"><title>{System.Net.WebUtility.HtmlEncode(Name)}: —</title></path>";
}

/// <summary>
/// The world map's shapes, read once from the npm data the build copies into wwwroot/lib: world-atlas
/// countries-110m (Natural Earth) for outlines, i18n-iso-countries for numeric → alpha-2 codes and English names.
/// Antarctica is left out; shapes without an ISO code (Kosovo, for one) cannot be coloured and are not drawn.
/// </summary>
public sealed class WorldMapData(IWebHostEnvironment environment)
{
    public const double Width = 1000;
    private readonly Lazy<(IReadOnlyList<MapCountry> Countries, IReadOnlyDictionary<string, string> Names)> _data =
        new(() => Load(environment), LazyThreadSafetyMode.ExecutionAndPublication);

    public IReadOnlyList<MapCountry> Countries => _data.Value.Countries;

    public double Height => Width * EqualEarth.Extent.HalfHeight / EqualEarth.Extent.HalfWidth;

    /// <summary>The English name of an alpha-2 code, or the code itself.</summary>
    public string NameOf(string code) => _data.Value.Names.GetValueOrDefault(code, code);

    private static (IReadOnlyList<MapCountry>, IReadOnlyDictionary<string, string>) Load(IWebHostEnvironment environment)
    {
        var files = environment.WebRootFileProvider;
        using var codesStream = files.GetFileInfo("lib/i18n-iso-countries/codes.json").CreateReadStream();
        using var codes = JsonDocument.Parse(codesStream);
        var alpha2ByNumeric = codes.RootElement.EnumerateArray()
            .ToDictionary(c => c[2].GetString()!, c => c[0].GetString()!, StringComparer.Ordinal);

        using var namesStream = files.GetFileInfo("lib/i18n-iso-countries/en.json").CreateReadStream();
        using var names = JsonDocument.Parse(namesStream);
        var nameByCode = names.RootElement.GetProperty("countries").EnumerateObject().ToDictionary(
            p => p.Name,
            p => p.Value.ValueKind == JsonValueKind.Array ? p.Value[0].GetString()! : p.Value.GetString()!,
            StringComparer.Ordinal);
        nameByCode.TryAdd("XK", "Kosovo");

        using var atlas = files.GetFileInfo("lib/world-atlas/countries-110m.json").CreateReadStream();
        var countries = TopoJson.ReadCountries(atlas)
            .Where(o => o.NumericId != "010" && alpha2ByNumeric.ContainsKey(o.NumericId))
            .Select(o =>
            {
                var code = alpha2ByNumeric[o.NumericId];
                return new MapCountry(code, nameByCode.GetValueOrDefault(code, o.Name), EqualEarth.SvgPath(o, Width));
            })
            .ToList();
        return (countries, nameByCode);
    }
}
