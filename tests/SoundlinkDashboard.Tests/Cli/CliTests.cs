using System.Globalization;
using System.Text.Json;
using SoundlinkDashboard.Tests.Support;

namespace SoundlinkDashboard.Tests.Cli;

public sealed class CliTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Import_of_a_clean_file_exits_0_and_reports_counts_as_json()
    {
        await _cli.RunAsync("teams", "add", "acme");
        var file = _cli.WriteFile("clean.jsonl", TestRow.ToJsonl(TestRows.Generate(seed: 1, campaigns: 1, days: 2, countries: 3)));

        var (exit, output, _) = await _cli.RunAsync("import", file, "--team", "acme", "--json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(6, json.RootElement.GetProperty("read").GetInt64());
        Assert.Equal(6, json.RootElement.GetProperty("inserted").GetInt64());
        Assert.Equal(0, json.RootElement.GetProperty("updated").GetInt64());
        Assert.Equal(0, json.RootElement.GetProperty("unchanged").GetInt64());
        Assert.Equal(0, json.RootElement.GetProperty("rejected").GetArrayLength());
    }

    [Fact]
    public async Task Import_with_bad_lines_exits_1_names_them_and_keeps_the_good_ones()
    {
        await _cli.RunAsync("teams", "add", "acme");
        var good = new TestRow();
        var file = _cli.WriteFile("mixed.jsonl",
            good.ToJson() + "\n\n" + good.ToJson().Replace("\"streams\":203", "\"streams\":\"203\"") + "\n" +
            (good with { Country = "DE" }).ToJson() + "\n");

        var (exit, output, _) = await _cli.RunAsync("import", file, "--team", "acme", "--json");

        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(3, json.RootElement.GetProperty("read").GetInt64());
        Assert.Equal(2, json.RootElement.GetProperty("inserted").GetInt64());
        var rejected = Assert.Single(json.RootElement.GetProperty("rejected").EnumerateArray());
        Assert.Equal(3, rejected.GetProperty("line").GetInt64());
        Assert.Contains("streams", rejected.GetProperty("reason").GetString());

        var (_, text, _) = await _cli.RunAsync("import", file, "--team", "acme");
        Assert.Contains("line 3: ", text);
        Assert.Contains("2 unchanged", text);
    }

    [Theory]
    [InlineData("import", "missing.jsonl", "--team", "acme")]
    [InlineData("import", "--team", "acme")]
    [InlineData("import", "x.jsonl")]
    [InlineData("import", "x.jsonl", "--team", "nobody")]
    [InlineData("report", "--team", "acme", "--by", "week")]
    [InlineData("report", "--team", "acme", "--from", "2026-02-30")]
    [InlineData("report", "--team", "acme", "--from", "2026-03-02", "--to", "2026-03-01")]
    [InlineData("report", "--team", "acme", "--format", "xml")]
    [InlineData("report", "--team", "acme", "--country", "USA")]
    [InlineData("report", "--team", "acme", "--bogus")]
    [InlineData("teams", "add", "Not A Slug!")]
    [InlineData("frobnicate")]
    public async Task Usage_and_io_errors_exit_2_with_a_one_line_error(params string[] args)
    {
        await _cli.RunAsync("teams", "add", "acme");

        var (exit, output, error) = await _cli.RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.StartsWith("error: ", error);
    }

    [Fact]
    public async Task Report_prints_the_metrics_services_answer_in_every_format()
    {
        await _cli.RunAsync("teams", "add", "acme");
        var rows = TestRows.Generate(seed: 7, campaigns: 2, days: 3, countries: 2);
        await _cli.RunAsync("import", _cli.WriteFile("a.jsonl", TestRow.ToJsonl(rows)), "--team", "acme");

        var (exit, json, _) = await _cli.RunAsync("report", "--team", "acme", "--by", "country", "--format", "json",
            "--from", "2026-03-02", "--country", "us");
        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(json);
        var groups = doc.RootElement.EnumerateArray().ToList();
        var expected = rows.Where(r => r.Country == "US" && r.Date >= new DateOnly(2026, 3, 2))
            .GroupBy(r => r.Currency).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        Assert.Equal(expected.Select(g => g.Key), groups.Select(g => g.GetProperty("currency").GetString()));
        foreach (var (e, g) in expected.Zip(groups))
        {
            Assert.Equal("US", g.GetProperty("country_code").GetString());
            Assert.Equal(e.Count(), g.GetProperty("rows").GetInt64());
            Assert.Equal(e.Sum(r => r.Streams), g.GetProperty("streams").GetInt64());
            Assert.Equal(e.Sum(r => r.SpendMedia), g.GetProperty("spend_media").GetDecimal());
            var listeners = e.Sum(r => r.Listeners);
            if (listeners == 0)
            {
                Assert.Equal(JsonValueKind.Null, g.GetProperty("cpl").ValueKind);
            }
            else
            {
                Assert.Equal((double)e.Sum(r => r.SpendMedia) / listeners, g.GetProperty("cpl").GetDouble(), 1e-9);
            }
        }

        var (_, csv, _) = await _cli.RunAsync("report", "--team", "acme", "--by", "day", "--format", "csv");
        var lines = csv.TrimEnd().Split('\n');
        Assert.StartsWith("currency,report_date,rows,impressions,", lines[0]);
        Assert.Equal(1 + rows.Select(r => (r.Currency, r.Date)).Distinct().Count(), lines.Length);
        var firstDay = rows.Where(r => r.Currency == "EUR" && r.Date == new DateOnly(2026, 3, 1)).ToList();
        var cells = lines[1].Split(',');
        Assert.Equal(["EUR", "2026-03-01", firstDay.Count.ToString(CultureInfo.InvariantCulture)], cells[..3]);

        var (tableExit, table, _) = await _cli.RunAsync("report", "--team", "acme", "--format", "table");
        Assert.Equal(0, tableExit);
        Assert.Contains("streams_per_listener", table);
        Assert.Contains("USD", table);
    }

    [Fact]
    public async Task Teams_add_refuses_a_duplicate_and_migrate_reports_up_to_date()
    {
        Assert.Equal(0, (await _cli.RunAsync("teams", "add", "acme", "--name", "Acme Records")).Exit);
        var duplicate = await _cli.RunAsync("teams", "add", "acme");
        Assert.Equal(1, duplicate.Exit);
        Assert.Contains("already exists", duplicate.Err);

        var (exit, output, _) = await _cli.RunAsync("migrate");
        Assert.Equal(0, exit);
        Assert.Contains("up to date", output);
        var (_, list, _) = await _cli.RunAsync("teams", "list");
        Assert.Contains("acme\tAcme Records", list);
    }
}
