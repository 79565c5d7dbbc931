using System.CommandLine;
using System.Text.Json;
using SoundlinkDashboard.Core.Ingest;

namespace SoundlinkDashboard.Cli.Commands;

/// <summary><c>import &lt;file.jsonl|-&gt; --team slug [--json]</c>: exit 0 all lines accepted, 1 some rejected, 2 usage or I/O error.</summary>
internal sealed class ImportCommand : Command
{
    public ImportCommand(CliContext cli)
        : base("import", "Import a Soundlink breakdown export (JSONL); exit 0 all lines accepted, 1 some rejected, 2 usage or I/O error.")
    {
        var file = new Argument<string>("file") { Description = "the export, or - for standard input", HelpName = "file.jsonl|-" };
        var team = CliOptions.Team();
        var json = CliOptions.Flag("--json", "print the counts and the rejected lines as JSON");
        Add(file);
        Add(team);
        Add(json);
        SetAction(async (parse, _) =>
        {
            var path = parse.GetRequiredValue(file);
            var services = await cli.StoreAsync();
            var target = await cli.RequireTeamAsync(parse.GetRequiredValue(team));

            Stream input;
            try
            {
                input = path == "-" ? cli.OpenStandardInput() : File.OpenRead(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
            {
                throw new CliFailure($"cannot read {path}: {ex.Message}", 2);
            }

            var importer = services.GetRequiredService<JsonlImporter>();
            ImportResult result;
            await using (input)
            {
                try
                {
                    result = await importer.ImportAsync(target.Id, input, path == "-" ? "stdin" : Path.GetFileName(path),
                        new SynchronousProgress(lines => cli.Error.WriteLine($"… {lines:N0} lines read")));
                }
                catch (IOException ex)
                {
                    throw new CliFailure($"reading {path} failed, nothing was imported: {ex.Message}", 2);
                }
            }

            if (parse.GetValue(json))
            {
                await WriteJsonAsync(cli.Out, importer, result);
            }
            else
            {
                await WriteTextAsync(cli.Out, importer, result);
            }
            return result.AllAccepted ? 0 : 1;
        });
    }

    private static async Task WriteJsonAsync(TextWriter output, JsonlImporter importer, ImportResult result)
    {
        using var buffer = new MemoryStream();
        await using var json = new Utf8JsonWriter(buffer);
        json.WriteStartObject();
        json.WriteNumber("read", result.Read);
        json.WriteNumber("inserted", result.Counts.Inserted);
        json.WriteNumber("updated", result.Counts.Updated);
        json.WriteNumber("unchanged", result.Counts.Unchanged);
        json.WriteStartArray("rejected");
        await foreach (var line in importer.RejectedLinesAsync(result.BatchId))
        {
            json.WriteStartObject();
            json.WriteNumber("line", line.Line);
            json.WriteString("reason", line.Reason);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteNumber("rejected_not_listed", result.RejectedCount - result.RejectedKept);
        json.WriteEndObject();
        await json.FlushAsync();
        await output.WriteLineAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static async Task WriteTextAsync(TextWriter output, JsonlImporter importer, ImportResult result)
    {
        await output.WriteLineAsync(
            $"{result.Read:N0} lines read: {result.Counts.Inserted:N0} inserted, {result.Counts.Updated:N0} updated, " +
            $"{result.Counts.Unchanged:N0} unchanged, {result.RejectedCount:N0} rejected.");
        await foreach (var line in importer.RejectedLinesAsync(result.BatchId))
        {
            await output.WriteLineAsync($"line {line.Line}: {line.Reason}");
        }
        if (result.RejectedCount > result.RejectedKept)
        {
            await output.WriteLineAsync($"... and {result.RejectedCount - result.RejectedKept:N0} more rejected lines (only the first {result.RejectedKept:N0} are kept).");
        }
    }

    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
