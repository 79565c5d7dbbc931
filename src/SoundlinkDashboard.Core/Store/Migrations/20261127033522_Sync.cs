using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SoundlinkDashboard.Core.Store.Migrations
{
    /// <inheritdoc />
    public partial class Sync : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ApiKeyId",
                table: "Campaigns",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ApiLabel",
                table: "Campaigns",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ApiStatus",
                table: "Campaigns",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "DailyBudget",
                table: "Campaigns",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LastSyncAt",
                table: "Campaigns",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "NextSyncAt",
                table: "Campaigns",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RegisteredAt",
                table: "Campaigns",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "SyncFrom",
                table: "Campaigns",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SyncProblem",
                table: "Campaigns",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SyncState",
                table: "Campaigns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateOnly>(
                name: "SyncedThrough",
                table: "Campaigns",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "CheckedAt",
                table: "ApiKeys",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Problem",
                table: "ApiKeys",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "SyncLeases",
                columns: table => new
                {
                    CampaignKey = table.Column<int>(type: "INTEGER", nullable: false),
                    Holder = table.Column<string>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SyncLeases", x => x.CampaignKey);
                    table.ForeignKey(
                        name: "FK_SyncLeases_Campaigns_CampaignKey",
                        column: x => x.CampaignKey,
                        principalTable: "Campaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SyncRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TeamId = table.Column<int>(type: "INTEGER", nullable: false),
                    CampaignKey = table.Column<int>(type: "INTEGER", nullable: false),
                    Trigger = table.Column<int>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    WindowFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    WindowTo = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Slices = table.Column<int>(type: "INTEGER", nullable: false),
                    SlicesDone = table.Column<int>(type: "INTEGER", nullable: false),
                    RowsRead = table.Column<long>(type: "INTEGER", nullable: false),
                    Inserted = table.Column<long>(type: "INTEGER", nullable: false),
                    Updated = table.Column<long>(type: "INTEGER", nullable: false),
                    Unchanged = table.Column<long>(type: "INTEGER", nullable: false),
                    Rejected = table.Column<long>(type: "INTEGER", nullable: false),
                    Outcome = table.Column<int>(type: "INTEGER", nullable: false),
                    ErrorCode = table.Column<string>(type: "TEXT", nullable: true),
                    ErrorMessage = table.Column<string>(type: "TEXT", nullable: true),
                    RequestId = table.Column<string>(type: "TEXT", nullable: true),
                    HttpStatus = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SyncRuns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SyncRuns_Campaigns_CampaignKey",
                        column: x => x.CampaignKey,
                        principalTable: "Campaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Campaigns_ApiKeyId",
                table: "Campaigns",
                column: "ApiKeyId");

            migrationBuilder.CreateIndex(
                name: "IX_SyncRuns_CampaignKey_Id",
                table: "SyncRuns",
                columns: new[] { "CampaignKey", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_SyncRuns_TeamId",
                table: "SyncRuns",
                column: "TeamId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SyncLeases");

            migrationBuilder.DropTable(
                name: "SyncRuns");

            migrationBuilder.DropIndex(
                name: "IX_Campaigns_ApiKeyId",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "ApiKeyId",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "ApiLabel",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "ApiStatus",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "DailyBudget",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "LastSyncAt",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "NextSyncAt",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "RegisteredAt",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "SyncFrom",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "SyncProblem",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "SyncState",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "SyncedThrough",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "CheckedAt",
                table: "ApiKeys");

            migrationBuilder.DropColumn(
                name: "Problem",
                table: "ApiKeys");
        }
    }
}
