using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Training.PostgreSql.Migrations
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false, collation: "C"),
                    SortOrder = table.Column<int>(type: "integer", nullable: false),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ActivityKinds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LocalActivities",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "C"),
                    NameKana = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    KindId = table.Column<int>(type: "integer", nullable: false),
                    AreaId = table.Column<int>(type: "integer", nullable: true),
                    Schedule = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    Venue = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    Address = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    OrganisationId = table.Column<int>(type: "integer", nullable: true),
                    LeaderPersonId = table.Column<int>(type: "integer", nullable: true),
                    ContactName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "C"),
                    ContactPhone = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false, collation: "C"),
                    ListedPublicly = table.Column<bool>(type: "boolean", nullable: false),
                    ProgramId = table.Column<int>(type: "integer", nullable: true),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false)
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
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    LocalActivityId = table.Column<int>(type: "integer", nullable: false),
                    Helpers = table.Column<int>(type: "integer", nullable: false),
                    Days = table.Column<int>(type: "integer", nullable: false),
                    Times = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "C"),
                    QualificationTypeId = table.Column<int>(type: "integer", nullable: true),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false, collation: "C"),
                    IsOpen = table.Column<bool>(type: "boolean", nullable: false)
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
