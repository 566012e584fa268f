using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Training.Data.Migrations
{
    /// <inheritdoc />
    public partial class AuditRowsSayWhatAndWhichCourse : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "CourseId",
                table: "AuditEntries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TargetLabel",
                table: "AuditEntries",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_CourseId",
                table: "AuditEntries",
                column: "CourseId");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_StaffUserId",
                table: "AuditEntries",
                column: "StaffUserId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_CourseId",
                table: "AuditEntries");

            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_StaffUserId",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "CourseId",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "TargetLabel",
                table: "AuditEntries");
        }
    }
}
