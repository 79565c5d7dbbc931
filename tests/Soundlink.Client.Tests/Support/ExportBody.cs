using System.Text;
using Soundlink.Client.Export;

namespace Soundlink.Client.Tests.Support;

/// <summary>Runs the reader and shapes inputs.</summary>
internal static class ExportBody
{
    public static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    public static async Task<List<RowReadResult>> ReadAsync(Stream stream)
    {
        var results = new List<RowReadResult>();
        await foreach (var result in SoundlinkExportReader.ReadAsync(stream))
        {
            results.Add(result);
        }
        return results;
    }

    public static Task<List<RowReadResult>> ReadAsync(byte[] body) => ReadAsync(new MemoryStream(body, writable: false));

    public static Task<List<RowReadResult>> ReadAsync(string body) => ReadAsync(Encoding.UTF8.GetBytes(body));

    /// <summary>The JSONL lines, each followed by "\n".</summary>
    public static string Jsonl(params string[] lines) => string.Concat(lines.Select(l => l + "\n"));

    /// <summary>
    /// The documentation's form: the whole JSONL text as ONE JSON string, escaped as the doc shows it (<c>\"</c>,
    /// <c>\n</c>), with every non-ASCII character as <c>\uXXXX</c> (astral ones as a surrogate pair).
    /// </summary>
    public static string AsJsonString(string jsonl)
    {
        var body = new StringBuilder(jsonl.Length + jsonl.Length / 8 + 2).Append('"');
        foreach (var c in jsonl)
        {
            switch (c)
            {
                case '"': body.Append("\\\""); break;
                case '\\': body.Append("\\\\"); break;
                case '\n': body.Append("\\n"); break;
                case '\r': body.Append("\\r"); break;
                case '\t': body.Append("\\t"); break;
                case '\b': body.Append("\\b"); break;
                case '\f': body.Append("\\f"); break;
                case < ' ' or > '~': body.Append($"\\u{(int)c:X4}"); break;
                default: body.Append(c); break;
            }
        }
        return body.Append('"').ToString();
    }

    /// <summary>Reads a body holding exactly one line and returns its result.</summary>
    public static async Task<RowReadResult> ReadSingleAsync(string line)
    {
        var results = await ReadAsync(line + "\n");
        return Assert.Single(results);
    }

    /// <summary>Asserts the single line is rejected at line 1 and returns the reason.</summary>
    public static Task<string> RejectedReasonAsync(RowJson row) => RejectedReasonAsync(row.ToLine());

    public static async Task<string> RejectedReasonAsync(string line)
    {
        var result = await ReadSingleAsync(line);
        Assert.Equal(1, result.LineNumber);
        Assert.False(result.IsValid, "the line should have been rejected");
        Assert.Null(result.Row);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
        Assert.NotNull(result.Excerpt);
        return result.Error!;
    }

    public static async Task<CampaignCountryDailyRow> AcceptedAsync(RowJson row)
    {
        var result = await ReadSingleAsync(row.ToLine());
        Assert.True(result.IsValid, $"the line should have been accepted, but: {result.Error}");
        Assert.Equal(1, result.LineNumber);
        Assert.Null(result.Error);
        return result.Row!;
    }
}
