using System.Text.Json;

namespace SoundlinkDashboard.Components.Pages.Dashboard.Map;

/// <summary>A country outline in longitude/latitude degrees: polygons of rings (the first ring outer, the rest holes).</summary>
public sealed record CountryOutline(string NumericId, string Name, IReadOnlyList<IReadOnlyList<IReadOnlyList<(double Lon, double Lat)>>> Polygons);

/// <summary>
/// Reads the countries of a TopoJSON topology (as world-atlas publishes them): arcs delta-decoded with the
/// topology's transform, negative arc indexes reversed, arcs stitched into rings.
/// </summary>
public static class TopoJson
{
    public static IReadOnlyList<CountryOutline> ReadCountries(Stream topology, string objectName = "countries")
    {
        using var document = JsonDocument.Parse(topology);
        var root = document.RootElement;
        var arcs = DecodeArcs(root);
        var outlines = new List<CountryOutline>();
        foreach (var geometry in root.GetProperty("objects").GetProperty(objectName).GetProperty("geometries").EnumerateArray())
        {
            var id = geometry.TryGetProperty("id", out var idElement) ? idElement.ToString() : "";
            var name = geometry.TryGetProperty("properties", out var properties) && properties.TryGetProperty("name", out var n)
                ? n.GetString() ?? id
                : id;
            var type = geometry.TryGetProperty("type", out var t) ? t.GetString() : null;
            if (!geometry.TryGetProperty("arcs", out var arcRefs))
            {
                continue;
            }
            var polygons = type switch
            {
                "Polygon" => [Polygon(arcRefs, arcs)],
                "MultiPolygon" => arcRefs.EnumerateArray().Select(p => Polygon(p, arcs)).ToList(),
                _ => new List<IReadOnlyList<IReadOnlyList<(double, double)>>>(),
            };
            outlines.Add(new CountryOutline(id, name, polygons));
        }
        return outlines;
    }

    private static IReadOnlyList<IReadOnlyList<(double, double)>> Polygon(JsonElement rings, List<(double, double)[]> arcs) =>
        rings.EnumerateArray().Select(ring => Ring(ring, arcs)).ToList();

    private static IReadOnlyList<(double, double)> Ring(JsonElement arcIndexes, List<(double, double)[]> arcs)
    {
        var points = new List<(double, double)>();
        foreach (var element in arcIndexes.EnumerateArray())
        {
            var index = element.GetInt32();
            var arc = index >= 0 ? arcs[index] : arcs[~index].Reverse().ToArray();
            // Consecutive arcs share their joining point.
            points.AddRange(points.Count == 0 ? arc : arc.Skip(1));
        }
        return points;
    }

    private static List<(double, double)[]> DecodeArcs(JsonElement root)
    {
        double sx = 1, sy = 1, tx = 0, ty = 0;
        var quantized = root.TryGetProperty("transform", out var transform);
        if (quantized)
        {
            sx = transform.GetProperty("scale")[0].GetDouble();
            sy = transform.GetProperty("scale")[1].GetDouble();
            tx = transform.GetProperty("translate")[0].GetDouble();
            ty = transform.GetProperty("translate")[1].GetDouble();
        }
        var decoded = new List<(double, double)[]>();
        foreach (var arc in root.GetProperty("arcs").EnumerateArray())
        {
            double x = 0, y = 0;
            var points = new List<(double, double)>();
            foreach (var position in arc.EnumerateArray())
            {
                if (quantized)
                {
                    x += position[0].GetDouble();
                    y += position[1].GetDouble();
                    points.Add((x * sx + tx, y * sy + ty));
                }
                else
                {
                    points.Add((position[0].GetDouble(), position[1].GetDouble()));
                }
            }
            decoded.Add(points.ToArray());
        }
        return decoded;
    }
}
