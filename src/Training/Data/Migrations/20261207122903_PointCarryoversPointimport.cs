using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Training.Data.Migrations
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
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PersonId = table.Column<int>(type: "INTEGER", nullable: false),
                    FiscalYear = table.Column<int>(type: "INTEGER", nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    KindId = table.Column<int>(type: "INTEGER", nullable: true),
                    Points = table.Column<int>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    BatchId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ImportedByStaffId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    ImportedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CancelledAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CancelReason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
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
