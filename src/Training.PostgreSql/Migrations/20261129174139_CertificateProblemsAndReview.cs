using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Training.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class CertificateProblemsAndReview : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CertificateProblem",
                table: "Completions",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "CertificateProblemAt",
                table: "Completions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CertificateProblemDetail",
                table: "Completions",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "CertificateProblemKey",
                table: "Completions",
                type: "character varying(400)",
                maxLength: 400,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<DateTime>(
                name: "ReviewKeptAt",
                table: "Completions",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CertificateProblem",
                table: "Completions");

            migrationBuilder.DropColumn(
                name: "CertificateProblemAt",
                table: "Completions");

            migrationBuilder.DropColumn(
                name: "CertificateProblemDetail",
                table: "Completions");

            migrationBuilder.DropColumn(
                name: "CertificateProblemKey",
                table: "Completions");

            migrationBuilder.DropColumn(
                name: "ReviewKeptAt",
                table: "Completions");
        }
    }
}
