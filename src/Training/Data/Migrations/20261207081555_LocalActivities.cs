using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Training.Data.Migrations
{
    /// <inheritdoc />
    public partial class LocalActivities : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ActivityKinds",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    SortOrder = table.Column<int>(type: "INTEGER", nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ActivityKinds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LocalActivities",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    NameKana = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    KindId = table.Column<int>(type: "INTEGER", nullable: false),
                    AreaId = table.Column<int>(type: "INTEGER", nullable: true),
                    Schedule = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Venue = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    OrganisationId = table.Column<int>(type: "INTEGER", nullable: true),
                    LeaderPersonId = table.Column<int>(type: "INTEGER", nullable: true),
                    ContactName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ContactPhone = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    ListedPublicly = table.Column<bool>(type: "INTEGER", nullable: false),
                    ProgramId = table.Column<int>(type: "INTEGER", nullable: true),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LocalActivities", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LocalActivities_ActivityKinds_KindId",
                        column: x => x.KindId,
                        principalTable: "ActivityKinds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_LocalActivities_Areas_AreaId",
                        column: x => x.AreaId,
                        principalTable: "Areas",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_LocalActivities_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_LocalActivities_People_LeaderPersonId",
                        column: x => x.LeaderPersonId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_LocalActivities_Programs_ProgramId",
                        column: x => x.ProgramId,
                        principalTable: "Programs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ActivityNeeds",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    LocalActivityId = table.Column<int>(type: "INTEGER", nullable: false),
                    Helpers = table.Column<int>(type: "INTEGER", nullable: false),
                    Days = table.Column<int>(type: "INTEGER", nullable: false),
                    Times = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    QualificationTypeId = table.Column<int>(type: "INTEGER", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    IsOpen = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ActivityNeeds", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ActivityNeeds_LocalActivities_LocalActivityId",
                        column: x => x.LocalActivityId,
                        principalTable: "LocalActivities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ActivityNeeds_QualificationTypes_QualificationTypeId",
                        column: x => x.QualificationTypeId,
                        principalTable: "QualificationTypes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ActivityKinds_Name",
                table: "ActivityKinds",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ActivityNeeds_LocalActivityId",
                table: "ActivityNeeds",
                column: "LocalActivityId");

            migrationBuilder.CreateIndex(
                name: "IX_ActivityNeeds_QualificationTypeId",
                table: "ActivityNeeds",
                column: "QualificationTypeId");

            migrationBuilder.CreateIndex(
                name: "IX_LocalActivities_AreaId",
                table: "LocalActivities",
                column: "AreaId");

            migrationBuilder.CreateIndex(
                name: "IX_LocalActivities_KindId",
                table: "LocalActivities",
                column: "KindId");

            migrationBuilder.CreateIndex(
                name: "IX_LocalActivities_LeaderPersonId",
                table: "LocalActivities",
                column: "LeaderPersonId");

            migrationBuilder.CreateIndex(
                name: "IX_LocalActivities_NameKana",
                table: "LocalActivities",
                column: "NameKana");

            migrationBuilder.CreateIndex(
                name: "IX_LocalActivities_OrganisationId",
                table: "LocalActivities",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_LocalActivities_ProgramId",
                table: "LocalActivities",
                column: "ProgramId");

            // The kinds a fresh database starts with, once (administrators change them at /Staff/Admin/ActivityKinds).
            migrationBuilder.Sql("""
                INSERT INTO "ActivityKinds" ("Name", "SortOrder", "IsActive") VALUES
                ('サロン', 1, TRUE), ('居場所', 2, TRUE), ('見守り', 3, TRUE), ('買い物支援', 4, TRUE),
                ('通いの場', 5, TRUE), ('ゴミ出し', 6, TRUE), ('通院付き添い', 7, TRUE);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ActivityNeeds");

            migrationBuilder.DropTable(
                name: "LocalActivities");

            migrationBuilder.DropTable(
                name: "ActivityKinds");
        }
    }
}
