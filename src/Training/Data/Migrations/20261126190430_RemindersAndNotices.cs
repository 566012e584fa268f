using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Training.Data.Migrations
{
    /// <inheritdoc />
    public partial class RemindersAndNotices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "SessionId",
                table: "OutboundEmails",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UnsubscribeUrl",
                table: "OutboundEmails",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            // Content became nullable here; a fresh install already creates it so in InitialSchema (no table rebuild).
            // Installs that applied this migration before made the change then; the schema is the same either way.
            migrationBuilder.AddColumn<string>(
                name: "StoredPath",
                table: "OutboundEmailAttachments",
                type: "TEXT",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Urgent",
                table: "CallList",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "IX_OutboundEmails_SessionId",
                table: "OutboundEmails",
                column: "SessionId");

            migrationBuilder.CreateIndex(
                name: "IX_CallList_SessionId",
                table: "CallList",
                column: "SessionId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OutboundEmails_SessionId",
                table: "OutboundEmails");

            migrationBuilder.DropIndex(
                name: "IX_CallList_SessionId",
                table: "CallList");

            migrationBuilder.DropColumn(
                name: "SessionId",
                table: "OutboundEmails");

            migrationBuilder.DropColumn(
                name: "UnsubscribeUrl",
                table: "OutboundEmails");

            migrationBuilder.DropColumn(
                name: "StoredPath",
                table: "OutboundEmailAttachments");

            migrationBuilder.DropColumn(
                name: "Urgent",
                table: "CallList");

            migrationBuilder.AlterColumn<byte[]>(
                name: "Content",
                table: "OutboundEmailAttachments",
                type: "BLOB",
                nullable: false,
                defaultValue: new byte[0],
                oldClrType: typeof(byte[]),
                oldType: "BLOB",
                oldNullable: true);
        }
    }
}
