using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Training.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class PointCarryoversPointimport : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PointCarryovers",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PersonId = table.Column<int>(type: "integer", nullable: false),
                    FiscalYear = table.Column<int>(type: "integer", nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    KindId = table.Column<int>(type: "integer", nullable: true),
                    Points = table.Column<int>(type: "integer", nullable: false),
                    Note = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    BatchId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false, collation: "C"),
                    ImportedByStaffId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true, collation: "C"),
                    ImportedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CancelledAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CancelReason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PointCarryovers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PointCarryovers_ActivityKinds_KindId",
                        column: x => x.KindId,
                        principalTable: "ActivityKinds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PointCarryovers_People_PersonId",
                        column: x => x.PersonId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PointCarryovers_BatchId",
                table: "PointCarryovers",
                column: "BatchId");

            migrationBuilder.CreateIndex(
                name: "IX_PointCarryovers_FiscalYear_PersonId",
                table: "PointCarryovers",
                columns: new[] { "FiscalYear", "PersonId" });

            migrationBuilder.CreateIndex(
                name: "IX_PointCarryovers_KindId",
                table: "PointCarryovers",
                column: "KindId");

            migrationBuilder.CreateIndex(
                name: "IX_PointCarryovers_PersonId",
                table: "PointCarryovers",
                column: "PersonId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PointCarryovers");
        }
    }
}
