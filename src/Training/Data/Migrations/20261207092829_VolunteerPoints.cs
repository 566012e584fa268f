using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Training.Data.Migrations
{
    /// <inheritdoc />
    public partial class VolunteerPoints : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PointAwards",
                columns: table => new
                {
                    RecordId = table.Column<int>(type: "INTEGER", nullable: false),
                    PersonId = table.Column<int>(type: "INTEGER", nullable: false),
                    FiscalYear = table.Column<int>(type: "INTEGER", nullable: false),
                    KindId = table.Column<int>(type: "INTEGER", nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PointsBeforeCap = table.Column<int>(type: "INTEGER", nullable: false),
                    Points = table.Column<int>(type: "INTEGER", nullable: false),
                    Cut = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PointAwards", x => x.RecordId);
                    table.ForeignKey(
                        name: "FK_PointAwards_ActivityRecords_RecordId",
                        column: x => x.RecordId,
                        principalTable: "ActivityRecords",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PointRules",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    KindId = table.Column<int>(type: "INTEGER", nullable: false),
                    FromFiscalYear = table.Column<int>(type: "INTEGER", nullable: false),
                    Mode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    PointsPerVisit = table.Column<int>(type: "INTEGER", nullable: false),
                    BandsText = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DayCap = table.Column<int>(type: "INTEGER", nullable: true),
                    MonthCap = table.Column<int>(type: "INTEGER", nullable: true),
                    YearCap = table.Column<int>(type: "INTEGER", nullable: true),
                    MinimumAge = table.Column<int>(type: "INTEGER", nullable: true),
                    RequiredProgramId = table.Column<int>(type: "INTEGER", nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PointRules", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PointRules_ActivityKinds_KindId",
                        column: x => x.KindId,
                        principalTable: "ActivityKinds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PointRules_Programs_RequiredProgramId",
                        column: x => x.RequiredProgramId,
                        principalTable: "Programs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PointSchemes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PointSchemes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PointYearMarks",
                columns: table => new
                {
                    FiscalYear = table.Column<int>(type: "INTEGER", nullable: false),
                    MarkedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastTriedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PointYearMarks", x => x.FiscalYear);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PointAwards_FiscalYear_PersonId",
                table: "PointAwards",
                columns: new[] { "FiscalYear", "PersonId" });

            migrationBuilder.CreateIndex(
                name: "IX_PointRules_KindId_FromFiscalYear",
                table: "PointRules",
                columns: new[] { "KindId", "FromFiscalYear" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PointRules_RequiredProgramId",
                table: "PointRules",
                column: "RequiredProgramId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PointAwards");

            migrationBuilder.DropTable(
                name: "PointRules");

            migrationBuilder.DropTable(
                name: "PointSchemes");

            migrationBuilder.DropTable(
                name: "PointYearMarks");
        }
    }
}
