using System.Globalization;
using System.Text;
using System.Text.Json;
using SoundlinkDashboard.Core.Export;
using SoundlinkDashboard.Core.Metrics;

namespace SoundlinkDashboard.Cli;

/// <summary>Prints the metrics service's answer; computes nothing itself.</summary>
internal static class ReportWriter
{
    /// <summary>The metrics in the report's order (<see cref="MetricCatalogue.SumsFirst"/>), after the group's number of stored rows.</summary>
    private static readonly IReadOnlyList<MetricDefinition> Metrics = MetricCatalogue.SumsFirst;

    private static readonly string[] Columns = ["rows", .. Metrics.Select(m => m.Key)];

    public static async Task WriteAsync(TextWriter output, IReadOnlyList<MetricsGroup> groups, MetricsGrouping grouping, string format)
    {
        var keyName = grouping switch
        {
            MetricsGrouping.Country => "country_code",
            MetricsGrouping.Day => "report_date",
            _ => null,
        };
        var header = new List<string> { "currency" };
        if (keyName is not null)
        {
            header.Add(keyName);
        }
        header.AddRange(Columns);
        switch (format)
        {
            case "json":
                await output.WriteLineAsync(Json(groups, keyName));
                break;
            case "csv":
                await output.WriteAsync(CsvWriter.Record(header));
                foreach (var group in groups)
                {
                    await output.WriteAsync(CsvWriter.Record(Cells(group, keyName)));
                }
                break;
            default:
                await output.WriteAsync(Table(header, groups.Select(g => Cells(g, keyName).Select(c => c ?? "—").ToList()).ToList()));
                break;
        }
    }

    private static IEnumerable<string?> Cells(MetricsGroup group, string? keyName)
    {
        yield return group.Currency;
        if (keyName is not null)
        {
            yield return Key(group);
        }
        foreach (var value in Values(group.Totals))
        {
            yield return value switch
            {
                null => null,
                double d => d.ToString("R", CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString(),
            };
        }
    }

    private static string? Key(MetricsGroup group) =>
        group.CountryCode ?? group.ReportDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Each column's value as the metrics service holds it: counts as long, money as decimal, ratios as double.</summary>
    private static object?[] Values(MetricTotals t) => [t.Rows, .. Metrics.Select(m => m.Exact(t))];

    private static string Json(IReadOnlyList<MetricsGroup> groups, string? keyName)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var group in groups)
            {
                json.WriteStartObject();
                json.WriteString("currency", group.Currency);
                if (keyName is not null)
                {
                    json.WriteString(keyName, Key(group));
                }
                var values = Values(group.Totals);
                for (var i = 0; i < Columns.Length; i++)
                {
                    json.WritePropertyName(Columns[i]);
                    switch (values[i])
                    {
                        case null: json.WriteNullValue(); break;
                        case long l: json.WriteNumberValue(l); break;
                        case decimal m: json.WriteNumberValue(m); break;
                        case double d: json.WriteNumberValue(d); break;
                    }
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Table(List<string> header, List<List<string>> rows)
    {
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var text = new StringBuilder();
        void Line(IReadOnlyList<string> cells) =>
            text.AppendLine(string.Join("  ", cells.Select((c, i) => i < (header.Count - Columns.Length) ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))).TrimEnd());
        Line(header);
        foreach (var row in rows)
        {
            Line(row);
        }
        if (rows.Count == 0)
        {
            text.AppendLine("(no rows match)");
        }
        return text.ToString();
    }
}
