using SoundlinkDashboard.Core.Export;

namespace SoundlinkDashboard.Core.Tests.Export;

public sealed class CsvWriterTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")]
    [InlineData("+SUM(A1)", "'+SUM(A1)")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "\"'\r=1\"")]
    [InlineData("-", "'-")]
    public void Cells_that_a_spreadsheet_would_run_get_a_leading_apostrophe(string value, string expected) =>
        Assert.Equal(expected, CsvWriter.Field(value));

    [Theory]
    [InlineData("-1.5")]
    [InlineData("-42")]
    [InlineData("0.125")]
    [InlineData("17")]
    public void Plain_numbers_stay_numbers(string value) => Assert.Equal(value, CsvWriter.Field(value));

    [Theory]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Fields_are_quoted_as_rfc_4180_says(string? value, string expected) => Assert.Equal(expected, CsvWriter.Field(value));

    [Fact]
    public void A_document_is_a_header_and_records_each_ending_in_crlf()
    {
        var csv = CsvWriter.Write(["country_code", "name"], [["US", "=cmd|' /C calc'!A0"], ["DE", null]]);

        Assert.Equal("country_code,name\r\nUS,'=cmd|' /C calc'!A0\r\nDE,\r\n", csv);
    }
}
