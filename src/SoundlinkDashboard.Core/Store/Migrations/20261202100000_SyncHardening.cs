using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SoundlinkDashboard.Core.Store.Migrations
{
    /// <summary>
    /// Sync runs count slice retries and rejected lines by kind; MetricRows.ExportedAt moves from Unix milliseconds to
    /// 100-nanosecond ticks since the Unix epoch (StoreEncoding.ToExportedAt), so "the newest wins" compares every digit
    /// the API sends.
    /// </summary>
    public partial class SyncHardening : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "RejectedKinds",
                table: "SyncRuns",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SliceRetries",
                table: "SyncRuns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.Sql("UPDATE MetricRows SET ExportedAt = ExportedAt * 10000;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("UPDATE MetricRows SET ExportedAt = ExportedAt / 10000;");

            migrationBuilder.DropColumn(
                name: "RejectedKinds",
                table: "SyncRuns");

            migrationBuilder.DropColumn(
                name: "SliceRetries",
                table: "SyncRuns");
        }
    }
}
