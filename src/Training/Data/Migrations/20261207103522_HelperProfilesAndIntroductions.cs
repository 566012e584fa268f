using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Training.Data.Migrations
{
    /// <inheritdoc />
    public partial class HelperProfilesAndIntroductions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "HelperProfiles",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PersonId = table.Column<int>(type: "INTEGER", nullable: false),
                    Days = table.Column<int>(type: "INTEGER", nullable: false),
                    Times = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HelperProfiles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HelperProfiles_People_PersonId",
                        column: x => x.PersonId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Introductions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    NeedId = table.Column<int>(type: "INTEGER", nullable: false),
                    LocalActivityId = table.Column<int>(type: "INTEGER", nullable: false),
                    PersonId = table.Column<int>(type: "INTEGER", nullable: false),
                    IntroducedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    IntroducedByStaffId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    OutcomeAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FollowUpOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    AgreedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AgreedVia = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    AgreementTakenByStaffId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    ContactSentAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ContactSentVia = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Introductions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Introductions_ActivityNeeds_NeedId",
                        column: x => x.NeedId,
                        principalTable: "ActivityNeeds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Introductions_LocalActivities_LocalActivityId",
                        column: x => x.LocalActivityId,
                        principalTable: "LocalActivities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Introductions_People_PersonId",
                        column: x => x.PersonId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "HelperProfileAreas",
                columns: table => new
                {
                    HelperProfileId = table.Column<int>(type: "INTEGER", nullable: false),
                    AreaId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HelperProfileAreas", x => new { x.HelperProfileId, x.AreaId });
                    table.ForeignKey(
                        name: "FK_HelperProfileAreas_Areas_AreaId",
                        column: x => x.AreaId,
                        principalTable: "Areas",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_HelperProfileAreas_HelperProfiles_HelperProfileId",
                        column: x => x.HelperProfileId,
                        principalTable: "HelperProfiles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "HelperProfileKinds",
                columns: table => new
                {
                    HelperProfileId = table.Column<int>(type: "INTEGER", nullable: false),
                    ActivityKindId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HelperProfileKinds", x => new { x.HelperProfileId, x.ActivityKindId });
                    table.ForeignKey(
                        name: "FK_HelperProfileKinds_ActivityKinds_ActivityKindId",
                        column: x => x.ActivityKindId,
                        principalTable: "ActivityKinds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_HelperProfileKinds_HelperProfiles_HelperProfileId",
                        column: x => x.HelperProfileId,
                        principalTable: "HelperProfiles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Consents_Purpose_PersonId_RecordedAt",
                table: "Consents",
                columns: new[] { "Purpose", "PersonId", "RecordedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ActivityRecords_Matching",
                table: "ActivityRecords",
                columns: new[] { "PersonId", "Status", "CancelledAt", "Date", "LocalActivityId" });

            migrationBuilder.CreateIndex(
                name: "IX_HelperProfileAreas_AreaId_HelperProfileId",
                table: "HelperProfileAreas",
                columns: new[] { "AreaId", "HelperProfileId" });

            migrationBuilder.CreateIndex(
                name: "IX_HelperProfileKinds_ActivityKindId_HelperProfileId",
                table: "HelperProfileKinds",
                columns: new[] { "ActivityKindId", "HelperProfileId" });

            migrationBuilder.CreateIndex(
                name: "IX_HelperProfiles_PersonId",
                table: "HelperProfiles",
                column: "PersonId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Introductions_LocalActivityId_Outcome",
                table: "Introductions",
                columns: new[] { "LocalActivityId", "Outcome" });

            migrationBuilder.CreateIndex(
                name: "IX_Introductions_NeedId_PersonId",
                table: "Introductions",
                columns: new[] { "NeedId", "PersonId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Introductions_PersonId",
                table: "Introductions",
                column: "PersonId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "HelperProfileAreas");

            migrationBuilder.DropTable(
                name: "HelperProfileKinds");

            migrationBuilder.DropTable(
                name: "Introductions");

            migrationBuilder.DropTable(
                name: "HelperProfiles");

            migrationBuilder.DropIndex(
                name: "IX_Consents_Purpose_PersonId_RecordedAt",
                table: "Consents");

            migrationBuilder.DropIndex(
                name: "IX_ActivityRecords_Matching",
                table: "ActivityRecords");
        }
    }
}
