using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Training.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class CertificateTimingAndWording : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CertificateTiming",
                table: "Programs",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "WhenRunIsOver");

            migrationBuilder.AddColumn<string>(
                name: "CertificateWording",
                table: "Programs",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Completion");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CertificateTiming",
                table: "Programs");

            migrationBuilder.DropColumn(
                name: "CertificateWording",
                table: "Programs");
        }
    }
}
