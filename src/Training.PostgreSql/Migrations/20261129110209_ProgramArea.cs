using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Training.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class ProgramArea : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "AreaId",
                table: "Programs",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Programs_AreaId",
                table: "Programs",
                column: "AreaId");

            migrationBuilder.AddForeignKey(
                name: "FK_Programs_Areas_AreaId",
                table: "Programs",
                column: "AreaId",
                principalTable: "Areas",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Programs_Areas_AreaId",
                table: "Programs");

            migrationBuilder.DropIndex(
                name: "IX_Programs_AreaId",
                table: "Programs");

            migrationBuilder.DropColumn(
                name: "AreaId",
                table: "Programs");
        }
    }
}
