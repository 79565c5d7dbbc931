using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SoundlinkDashboard.Core.Store.Migrations
{
    /// <inheritdoc />
    public partial class ShareScope : Migration
    {
        /// <summary>
        /// Splits the text scope of every existing link into rows, the way the old reader read it (lines, trimmed, blank
        /// lines dropped), with two corrections: a link whose whole text is one of its team's campaign ids pins that one
        /// campaign (an id holding a line break used to read back as several), and a link left with no campaign pins none
        /// (it used to show all of them). AllCampaigns stays false for every existing link: they all named campaigns.
        /// Countries: an empty text was "every country" and becomes AllCountries; otherwise the two-letter codes it holds.
        /// </summary>
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "AllCampaigns",
                table: "ShareLinks",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "AllCountries",
                table: "ShareLinks",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "ShareLinkCampaigns",
                columns: table => new
                {
                    CampaignId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ShareLinkId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ShareLinkCampaigns", x => new { x.ShareLinkId, x.CampaignId });
                    table.ForeignKey(
                        name: "FK_ShareLinkCampaigns_ShareLinks_ShareLinkId",
                        column: x => x.ShareLinkId,
                        principalTable: "ShareLinks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ShareLinkCountries",
                columns: table => new
                {
                    CountryCode = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    ShareLinkId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ShareLinkCountries", x => new { x.ShareLinkId, x.CountryCode });
                    table.ForeignKey(
                        name: "FK_ShareLinkCountries_ShareLinks_ShareLinkId",
                        column: x => x.ShareLinkId,
                        principalTable: "ShareLinks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
            // The whole text is one existing campaign of the link's team: that campaign, as it was created.
            migrationBuilder.Sql("""
                INSERT INTO ShareLinkCampaigns (ShareLinkId, CampaignId)
                SELECT l.Id, l.CampaignIds FROM ShareLinks l
                WHERE EXISTS (SELECT 1 FROM Campaigns c WHERE c.TeamId = l.TeamId AND c.CampaignId = l.CampaignIds);
                """);
            migrationBuilder.Sql($"""
                INSERT OR IGNORE INTO ShareLinkCampaigns (ShareLinkId, CampaignId)
                {Lines("CampaignIds", "NOT EXISTS (SELECT 1 FROM Campaigns c WHERE c.TeamId = l.TeamId AND c.CampaignId = l.CampaignIds)")}
                SELECT LinkId, trim(Item, {Blanks}) FROM parts WHERE Item IS NOT NULL AND trim(Item, {Blanks}) <> '';
                """);
            migrationBuilder.Sql($"""
                UPDATE ShareLinks SET AllCountries = CASE WHEN trim(replace(Countries, char(10), ''), {Blanks}) = '' THEN 1 ELSE 0 END;
                """);
            migrationBuilder.Sql($"""
                INSERT OR IGNORE INTO ShareLinkCountries (ShareLinkId, CountryCode)
                {Lines("Countries", "1")}
                SELECT LinkId, upper(trim(Item, {Blanks})) FROM parts WHERE Item IS NOT NULL AND length(trim(Item, {Blanks})) = 2;
                """);

            migrationBuilder.DropColumn(
                name: "CampaignIds",
                table: "ShareLinks");

            migrationBuilder.DropColumn(
                name: "Countries",
                table: "ShareLinks");
        }

        /// <summary>The whitespace the old reader trimmed from each line (space, tab, CR, VT, FF, no-break space).</summary>
        private const string Blanks = "' ' || char(9) || char(13) || char(11) || char(12) || char(160)";

        /// <summary>A recursive CTE "parts(LinkId, Item, Rest)": one row per line of the column, for the links matching the condition.</summary>
        private static string Lines(string column, string condition) => $"""
            WITH RECURSIVE parts(LinkId, Item, Rest) AS (
                SELECT l.Id, NULL, l.{column} || char(10) FROM ShareLinks l WHERE {condition}
                UNION ALL
                SELECT LinkId, substr(Rest, 1, instr(Rest, char(10)) - 1), substr(Rest, instr(Rest, char(10)) + 1) FROM parts WHERE Rest <> ''
            )
            """;

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CampaignIds",
                table: "ShareLinks",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Countries",
                table: "ShareLinks",
                type: "TEXT",
                nullable: false,
                defaultValue: "");
            migrationBuilder.Sql("""
                UPDATE ShareLinks SET
                    CampaignIds = IFNULL((SELECT group_concat(c.CampaignId, char(10)) FROM ShareLinkCampaigns c WHERE c.ShareLinkId = ShareLinks.Id), ''),
                    Countries = IFNULL((SELECT group_concat(c.CountryCode, char(10)) FROM ShareLinkCountries c WHERE c.ShareLinkId = ShareLinks.Id), '');
                """);

            migrationBuilder.DropTable(
                name: "ShareLinkCampaigns");

            migrationBuilder.DropTable(
                name: "ShareLinkCountries");

            migrationBuilder.DropColumn(
                name: "AllCampaigns",
                table: "ShareLinks");

            migrationBuilder.DropColumn(
                name: "AllCountries",
                table: "ShareLinks");
        }
    }
}
