using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Training.PostgreSql.Migrations
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
                type: "character varying(200)",
                maxLength: 200,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "IssuerName",
                table: "Certificates",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "IssuerTitle",
                table: "Certificates",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true,
                collation: "C");

            migrationBuilder.CreateTable(
                name: "OrganisationIssuers",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrganisationId = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    From = table.Column<DateOnly>(type: "date", nullable: false)
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
