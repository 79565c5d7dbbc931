using System.Globalization;
using System.Text;
using SoundlinkDashboard.Components.Pages.Dashboard.Map;

namespace SoundlinkDashboard.Tests.Components;

public sealed class MapGeometryTests
{
    // Two unit squares side by side sharing the arc x=1 (arc 1), quantized with scale 1 and translate (10, 20).
    private const string Topology = """
        {
          "type": "Topology",
          "transform": { "scale": [1, 1], "translate": [10, 20] },
          "objects": { "countries": { "type": "GeometryCollection", "geometries": [
            { "type": "Polygon", "id": "276", "properties": { "name": "Left" }, "arcs": [[0, 1]] },
            { "type": "MultiPolygon", "id": "250", "properties": { "name": "Right" }, "arcs": [[[-2, 2]]] },
            { "type": null, "id": "-99" }
          ] } },
          "arcs": [
            [[1, 0], [-1, 0], [0, 1], [1, 0]],
            [[1, 1], [0, -1]],
            [[1, 1], [1, 0], [0, -1], [-1, 0]]
          ]
        }
        """;

    [Fact]
    public void Arcs_are_delta_decoded_and_stitched_into_rings_with_reversed_shared_arcs()
    {
        var outlines = TopoJson.ReadCountries(new MemoryStream(Encoding.UTF8.GetBytes(Topology)));

        Assert.Equal(["276", "250"], outlines.Select(o => o.NumericId));
        var left = outlines[0].Polygons.Single().Single();
        Assert.Equal([(11.0, 20.0), (10, 20), (10, 21), (11, 21), (11, 20)], left);
        var right = outlines[1].Polygons.Single().Single();
        Assert.Equal([(11.0, 20.0), (11, 21), (12, 21), (12, 20), (11, 20)], right);
        Assert.Equal("Right", outlines[1].Name);
    }

    [Fact]
    public void Equal_earth_matches_its_published_extents_and_symmetry()
    {
        Assert.Equal((0.0, 0.0), EqualEarth.Project(0, 0));
        Assert.Equal(2.7066297, EqualEarth.Project(180, 0).X, 6);
        Assert.Equal(1.3173627, EqualEarth.Project(0, 90).Y, 6);
        var (x, y) = EqualEarth.Project(45, 30);
        Assert.Equal((-x, -y), EqualEarth.Project(-45, -30));
    }

    [Fact]
    public void Svg_paths_stay_inside_the_map_and_close_every_ring()
    {
        var outline = new CountryOutline("1", "Edges", [[[(-180, -90), (180, -90), (180, 90), (-180, 90)]]]);

        var path = EqualEarth.SvgPath(outline, 1000);

        Assert.StartsWith("M", path);
        Assert.EndsWith("Z", path);
        var height = 1000 * EqualEarth.Extent.HalfHeight / EqualEarth.Extent.HalfWidth;
        foreach (var point in path.TrimEnd('Z').Split(['M', 'L'], StringSplitOptions.RemoveEmptyEntries))
        {
            var xy = point.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            Assert.InRange(xy[0], 0, 1000);
            Assert.InRange(xy[1], 0, height + 0.1);
        }
    }
}

public sealed class WorldAtlasDataTests
{
    [Fact]
    public void The_world_atlas_countries_the_build_copies_decode_into_outlines()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SoundlinkDashboard.sln")))
        {
            directory = directory.Parent;
        }
        Assert.NotNull(directory);
        using var file = File.OpenRead(Path.Combine(directory.FullName, "wwwroot", "lib", "world-atlas", "countries-110m.json"));

        var outlines = TopoJson.ReadCountries(file);

        Assert.InRange(outlines.Count, 170, 200);
        var usa = Assert.Single(outlines, o => o.NumericId == "840");
        Assert.True(usa.Polygons.Count > 1, "the USA has several polygons (Alaska, Hawaii)");
        Assert.All(outlines.SelectMany(o => o.Polygons).SelectMany(p => p).SelectMany(r => r), point =>
        {
            Assert.InRange(point.Lon, -180.0001, 180.0001);
            Assert.InRange(point.Lat, -90.0001, 90.0001);
        });
        Assert.StartsWith("M", EqualEarth.SvgPath(usa, 1000));
    }
}
