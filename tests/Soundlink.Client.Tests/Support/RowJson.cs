using System.Text;
using System.Text.RegularExpressions;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Soundlink.Client.Tests.Support;

/// <summary>
/// Builds one JSONL line. Starts from a valid row (the doc's US row by default); each test changes only what it
/// is about, then takes the line with <see cref="ToLine"/>.
/// </summary>
internal sealed partial class RowJson
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly JsonObject _fields;
    private readonly List<string> _appendedRaw = [];

    private RowJson(string line) => _fields = JsonNode.Parse(line)!.AsObject();

    /// <summary>The doc's US row: valid.</summary>
    public static RowJson Valid() => new(DocExample.UsLine);

    /// <summary>The doc's DE row: valid.</summary>
    public static RowJson ValidDe() => new(DocExample.DeLine);

    /// <summary>Sets a field to a value serialized by System.Text.Json (string, number, bool, null, ...).</summary>
    public RowJson With(string field, object? value)
    {
        _fields[field] = value is null ? null : JsonSerializer.SerializeToNode(value, Options);
        return this;
    }

    /// <summary>Sets a field to a raw JSON value, e.g. <c>"1e400"</c> or <c>"{\"a\":[1]}"</c>.</summary>
    public RowJson WithRaw(string field, string rawJson)
    {
        _fields[field] = JsonNode.Parse(rawJson);
        return this;
    }

    public RowJson WithNull(string field)
    {
        _fields[field] = null;
        return this;
    }

    public RowJson Without(string field)
    {
        Assert.True(_fields.Remove(field), $"test bug: the row has no field {field}");
        return this;
    }

    /// <summary>Appends a second <c>"field": rawJson</c> member after the others (JsonObject cannot hold duplicates).</summary>
    public RowJson WithDuplicate(string field, string rawJson)
    {
        _appendedRaw.Add($"{JsonSerializer.Serialize(field)}:{rawJson}");
        return this;
    }

    /// <summary>Pads the line with an unknown string field so that <see cref="ToLine"/> is exactly <paramref name="bytes"/> UTF-8 bytes.</summary>
    public RowJson PaddedTo(int bytes)
    {
        _fields["zz_padding"] = "";
        var current = Encoding.UTF8.GetByteCount(ToLine());
        Assert.True(current <= bytes, $"test bug: the row is already {current} bytes");
        _fields["zz_padding"] = new string('x', bytes - current);
        return this;
    }

    /// <summary>The row as one JSONL line, without a line end.</summary>
    public string ToLine()
    {
        // The encoder escapes astral characters even when relaxed; put them back as raw UTF-8 like other text.
        var json = EscapedSurrogatePair().Replace(_fields.ToJsonString(Options), m => char.ConvertFromUtf32(
            char.ConvertToUtf32((char)Convert.ToInt32(m.Groups[1].Value, 16), (char)Convert.ToInt32(m.Groups[2].Value, 16))));
        if (_appendedRaw.Count == 0)
        {
            return json;
        }
        return json[..^1] + "," + string.Join(",", _appendedRaw) + "}";
    }

    public override string ToString() => ToLine();

    [GeneratedRegex(@"(?<=(?:^|[^\\])(?:\\\\)*)\\u(D[89AB][0-9A-F]{2})\\u(D[C-F][0-9A-F]{2})", RegexOptions.IgnoreCase)]
    private static partial Regex EscapedSurrogatePair();
}
