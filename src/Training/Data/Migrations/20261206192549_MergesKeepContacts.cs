using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Training.Data.Migrations
{
    /// <inheritdoc />
    public partial class MergesKeepContacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CreatedVia",
                table: "People",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "MergedFromPersonId",
                table: "ContactChangeRequests",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Superseded",
                table: "ContactChangeRequests",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            // Older records: how they were first made, as far as their earliest consent tells (the form records one).
            migrationBuilder.Sql("""
                UPDATE "People" SET "CreatedVia" =
                  (SELECT c."Channel" FROM "Consents" c WHERE c."PersonId" = "People"."Id" ORDER BY c."RecordedAt", c."Id" LIMIT 1)
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CreatedVia",
                table: "People");

            migrationBuilder.DropColumn(
                name: "MergedFromPersonId",
                table: "ContactChangeRequests");

            migrationBuilder.DropColumn(
                name: "Superseded",
                table: "ContactChangeRequests");
        }
    }
}
