using System.Globalization;
using System.Text;

namespace SoundlinkDashboard.Components.Pages.Dashboard.Map;

/// <summary>The Equal Earth projection (Šavrič, Patterson and Jenny, 2018): equal-area, pleasant for world maps.</summary>
public static class EqualEarth
{
    private const double A1 = 1.340264, A2 = -0.081106, A3 = 0.000893, A4 = 0.003796;
    private static readonly double M = Math.Sqrt(3) / 2;

    /// <summary>Projects degrees to the projection's plane, y growing northwards.</summary>
    public static (double X, double Y) Project(double lonDegrees, double latDegrees)
    {
        var lambda = lonDegrees * Math.PI / 180;
        var phi = latDegrees * Math.PI / 180;
        var theta = Math.Asin(M * Math.Sin(phi));
        var t2 = theta * theta;
        var t6 = t2 * t2 * t2;
        var x = lambda * Math.Cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)));
        var y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2));
        return (x, y);
    }

    /// <summary>The x of longitude 180° on the equator and the y of latitude 90°: the half-extents of the whole map.</summary>
    public static (double HalfWidth, double HalfHeight) Extent => (Project(180, 0).X, Project(0, 90).Y);

    /// <summary>An SVG path for outlines, scaled so the world is <paramref name="width"/> wide, y downwards.</summary>
    public static string SvgPath(CountryOutline outline, double width)
    {
        var (halfWidth, halfHeight) = Extent;
        var scale = width / (2 * halfWidth);
        var path = new StringBuilder();
        foreach (var polygon in outline.Polygons)
        {
            foreach (var ring in polygon)
            {
                for (var i = 0; i < ring.Count; i++)
                {
                    var (x, y) = Project(ring[i].Lon, ring[i].Lat);
                    // A step across the antimeridian (Russia, Fiji) would draw a line across the whole map: start over.
                    var jump = i > 0 && Math.Abs(ring[i].Lon - ring[i - 1].Lon) > 180;
                    path.Append(i == 0 || jump ? 'M' : 'L')
                        .Append(((x + halfWidth) * scale).ToString("0.#", CultureInfo.InvariantCulture)).Append(',')
                        .Append(((halfHeight - y) * scale).ToString("0.#", CultureInfo.InvariantCulture));
                }
                path.Append('Z');
            }
        }
        return path.ToString();
    }
}
