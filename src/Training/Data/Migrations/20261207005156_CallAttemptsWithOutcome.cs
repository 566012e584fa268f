using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Training.Data.Migrations
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "CourseId",
                table: "CallList",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CallAttempts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CallListEntryId = table.Column<long>(type: "INTEGER", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    StaffUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    CallBackAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    PhoneDigits = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    PhoneCheckedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
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
