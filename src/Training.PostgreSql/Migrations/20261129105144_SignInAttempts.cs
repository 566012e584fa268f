using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Training.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class SignInAttempts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SignInAttempts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false, collation: "C"),
                    RemoteAddress = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    Result = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SignInAttempts", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SignInAttempts_At",
                table: "SignInAttempts",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_SignInAttempts_Email_At",
                table: "SignInAttempts",
                columns: new[] { "Email", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_SignInAttempts_RemoteAddress_At",
                table: "SignInAttempts",
                columns: new[] { "RemoteAddress", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SignInAttempts");
        }
    }
}
