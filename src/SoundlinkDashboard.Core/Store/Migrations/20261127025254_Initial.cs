using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SoundlinkDashboard.Core.Store.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Teams",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Slug = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Teams", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Campaigns",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TeamId = table.Column<int>(type: "INTEGER", nullable: false),
                    Provider = table.Column<string>(type: "TEXT", nullable: false),
                    AccountId = table.Column<string>(type: "TEXT", nullable: false),
                    CampaignId = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    TargetType = table.Column<string>(type: "TEXT", nullable: true),
                    TargetIsrc = table.Column<string>(type: "TEXT", nullable: true),
                    TargetSpotifyTrackId = table.Column<string>(type: "TEXT", nullable: true),
                    TargetPlaylistId = table.Column<string>(type: "TEXT", nullable: true),
                    FirstReportDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    LastReportDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    NameExportedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Campaigns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Campaigns_Teams_TeamId",
                        column: x => x.TeamId,
                        principalTable: "Teams",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ImportBatches",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TeamId = table.Column<int>(type: "INTEGER", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LinesRead = table.Column<long>(type: "INTEGER", nullable: false),
                    Inserted = table.Column<long>(type: "INTEGER", nullable: false),
                    Updated = table.Column<long>(type: "INTEGER", nullable: false),
                    Unchanged = table.Column<long>(type: "INTEGER", nullable: false),
                    Rejected = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImportBatches", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ImportBatches_Teams_TeamId",
                        column: x => x.TeamId,
                        principalTable: "Teams",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RejectedLines",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    BatchId = table.Column<int>(type: "INTEGER", nullable: false),
                    LineNumber = table.Column<long>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", nullable: false),
                    Excerpt = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RejectedLines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RejectedLines_ImportBatches_BatchId",
                        column: x => x.BatchId,
                        principalTable: "ImportBatches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Campaigns_TeamId_CampaignId",
                table: "Campaigns",
                columns: new[] { "TeamId", "CampaignId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ImportBatches_TeamId",
                table: "ImportBatches",
                column: "TeamId");

            migrationBuilder.CreateIndex(
                name: "IX_RejectedLines_BatchId_LineNumber",
                table: "RejectedLines",
                columns: new[] { "BatchId", "LineNumber" });

            migrationBuilder.CreateIndex(
                name: "IX_Teams_Slug",
                table: "Teams",
                column: "Slug",
                unique: true);

            // The metric row table is hand-written: WITHOUT ROWID, clustered on its key, values packed
            // (day = days since 1970-01-01 UTC, money = millionths, exported_at = Unix milliseconds,
            // CurrencyAccount NULL when it equals Currency, ResultType 1 lp_click / 2 stream / 3 follow).
            migrationBuilder.Sql("""
                CREATE TABLE MetricRows (
                    CampaignKey INTEGER NOT NULL REFERENCES Campaigns (Id) ON DELETE CASCADE,
                    Day INTEGER NOT NULL,
                    Country TEXT NOT NULL,
                    ExportedAt INTEGER NOT NULL,
                    Impressions INTEGER NULL,
                    AdClicks INTEGER NULL,
                    LinkClicks INTEGER NULL,
                    Streams INTEGER NOT NULL,
                    Listeners INTEGER NOT NULL,
                    Followers INTEGER NOT NULL,
                    SpendMedia INTEGER NOT NULL,
                    SpendTotal INTEGER NOT NULL,
                    Fees INTEGER NOT NULL,
                    Currency TEXT NOT NULL,
                    CurrencyAccount TEXT NULL,
                    ResultType INTEGER NULL,
                    PRIMARY KEY (CampaignKey, Day, Country)
                ) WITHOUT ROWID;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE MetricRows;");

            migrationBuilder.DropTable(
                name: "Campaigns");

            migrationBuilder.DropTable(
                name: "RejectedLines");

            migrationBuilder.DropTable(
                name: "ImportBatches");

            migrationBuilder.DropTable(
                name: "Teams");
        }
    }
}
