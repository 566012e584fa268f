using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Training.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class RecoveryMarks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CompletionsStaleMark",
                table: "Courses",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<DateTime>(
                name: "HeartbeatAt",
                table: "CertificatePrintBatches",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CompletionsStaleMark",
                table: "Courses");

            migrationBuilder.DropColumn(
                name: "HeartbeatAt",
                table: "CertificatePrintBatches");
        }
    }
}
