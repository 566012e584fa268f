using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Training.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class CallAttemptsWithOutcome : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "CallBackAt",
                table: "CallList",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "CourseId",
                table: "CallList",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CallAttempts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CallListEntryId = table.Column<long>(type: "bigint", nullable: false),
                    Outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    StaffUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true, collation: "C"),
                    CallBackAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true, collation: "C"),
                    PhoneDigits = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true, collation: "C"),
                    PhoneCheckedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CallAttempts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CallAttempts_CallList_CallListEntryId",
                        column: x => x.CallListEntryId,
                        principalTable: "CallList",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CallList_CourseId",
                table: "CallList",
                column: "CourseId");

            migrationBuilder.CreateIndex(
                name: "IX_CallAttempts_CallListEntryId",
                table: "CallAttempts",
                column: "CallListEntryId");

            migrationBuilder.CreateIndex(
                name: "IX_CallAttempts_Outcome_PhoneCheckedAt",
                table: "CallAttempts",
                columns: new[] { "Outcome", "PhoneCheckedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CallAttempts");

            migrationBuilder.DropIndex(
                name: "IX_CallList_CourseId",
                table: "CallList");

            migrationBuilder.DropColumn(
                name: "CallBackAt",
                table: "CallList");

            migrationBuilder.DropColumn(
                name: "CourseId",
                table: "CallList");
        }
    }
}
