using System.Text.Json;

namespace SoundlinkDashboard.Components.Pages.Dashboard.Map;

/// <summary>A country on the map: its ISO alpha-2 code, English name and SVG path (Equal Earth, 1000 wide).</summary>
public sealed record MapCountry(string Code, string Name, string Path)
{
    /// <summary>The id of the country's shape in <see cref="WorldMapData.ShapesMarkup"/>, for <c>&lt;use href&gt;</c>.</summary>
    public string ShapeId => $"map-shape-{Code}";
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

    private string? _shapesMarkup;

    /// <summary>
    /// Every country's shape once (in defs) and drawn as having no data, with its name on hover: one piece of markup
    /// shared by every circuit. A view draws the countries it has data for on top of it, each as a small
    /// <c>&lt;use&gt;</c> of its shape.
    /// </summary>
    public string ShapesMarkup => _shapesMarkup ??= BuildShapesMarkup(Countries);

    private static string BuildShapesMarkup(IReadOnlyList<MapCountry> countries)
    {
        var markup = new System.Text.StringBuilder("<defs>");
        foreach (var country in countries)
        {
            markup.Append($"<path id=\"{country.ShapeId}\" d=\"{country.Path}\"/>");
        }
        markup.Append("</defs><g class=\"no-data\">");
        foreach (var country in countries)
        {
            markup.Append($"<use href=\"#{country.ShapeId}\"><title>{System.Net.WebUtility.HtmlEncode(country.Name)}: —</title></use>");
        }
        return markup.Append("</g>").ToString();
    }

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
