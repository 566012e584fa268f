using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Training.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class MatchingCandidatesMatch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "MatchingCandidates",
                columns: table => new
                {
                    PersonId = table.Column<int>(type: "integer", nullable: false),
                    AreaId = table.Column<int>(type: "integer", nullable: true),
                    SuggestionsAgreed = table.Column<bool>(type: "boolean", nullable: false),
                    Anonymised = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MatchingCandidates", x => x.PersonId);
                    table.ForeignKey(
                        name: "FK_MatchingCandidates_People_PersonId",
                        column: x => x.PersonId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MatchingReach",
                columns: table => new
                {
                    PersonId = table.Column<int>(type: "integer", nullable: false),
                    AreaId = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MatchingReach", x => new { x.PersonId, x.AreaId });
                    table.ForeignKey(
                        name: "FK_MatchingReach_People_PersonId",
                        column: x => x.PersonId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MatchingCandidates_SuggestionsAgreed_Anonymised_PersonId_Ar~",
                table: "MatchingCandidates",
                columns: new[] { "SuggestionsAgreed", "Anonymised", "PersonId", "AreaId" });

            migrationBuilder.CreateIndex(
                name: "IX_MatchingReach_AreaId_PersonId",
                table: "MatchingReach",
                columns: new[] { "AreaId", "PersonId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MatchingCandidates");

            migrationBuilder.DropTable(
                name: "MatchingReach");
        }
    }
}
