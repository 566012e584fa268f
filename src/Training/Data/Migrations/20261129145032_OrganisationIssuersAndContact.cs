using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Training.Data.Migrations
{
    /// <inheritdoc />
    public partial class OrganisationIssuersAndContact : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "OpeningHours",
                table: "Organisations",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IssuerName",
                table: "Certificates",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IssuerTitle",
                table: "Certificates",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "OrganisationIssuers",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OrganisationId = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    From = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OrganisationIssuers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OrganisationIssuers_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_OrganisationIssuers_OrganisationId_From",
                table: "OrganisationIssuers",
                columns: new[] { "OrganisationId", "From" });

            // Certificates issued so far were issued under the issuer recorded now (nothing could change it before).
            migrationBuilder.Sql("""
                UPDATE "Certificates" SET
                    "IssuerTitle" = (SELECT o."IssuerTitle" FROM "Completions" AS cp JOIN "Courses" AS c ON c."Id" = cp."CourseId"
                                     JOIN "Organisations" AS o ON o."Id" = c."OrganisationId" WHERE cp."Id" = "Certificates"."CompletionId"),
                    "IssuerName" = (SELECT o."IssuerName" FROM "Completions" AS cp JOIN "Courses" AS c ON c."Id" = cp."CourseId"
                                    JOIN "Organisations" AS o ON o."Id" = c."OrganisationId" WHERE cp."Id" = "Certificates"."CompletionId")
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "OrganisationIssuers");

            migrationBuilder.DropColumn(
                name: "OpeningHours",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "IssuerName",
                table: "Certificates");

            migrationBuilder.DropColumn(
                name: "IssuerTitle",
                table: "Certificates");
        }
    }
}
