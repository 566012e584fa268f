using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Training.Data.Migrations
{
    /// <inheritdoc />
    public partial class AddLineLinks_line : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "LineLinks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PersonId = table.Column<int>(type: "INTEGER", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 6, nullable: true),
                    CodeExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LineUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    LinkedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    BrokenAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LineLinks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LineLinks_People_PersonId",
                        column: x => x.PersonId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LineLinks_Code",
                table: "LineLinks",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LineLinks_LineUserId",
                table: "LineLinks",
                column: "LineUserId");

            migrationBuilder.CreateIndex(
                name: "IX_LineLinks_PersonId",
                table: "LineLinks",
                column: "PersonId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LineLinks");
        }
    }
}
