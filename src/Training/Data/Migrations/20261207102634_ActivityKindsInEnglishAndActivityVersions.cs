using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Training.Data.Migrations
{
    /// <inheritdoc />
    public partial class ActivityKindsInEnglishAndActivityVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "UpdatedAt",
                table: "LocalActivities",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Utc));

            migrationBuilder.AddColumn<string>(
                name: "NameEn",
                table: "ActivityKinds",
                type: "TEXT",
                maxLength: 50,
                nullable: true);

            // The English names of the kinds a fresh database started with (administrators change them at /Staff/Admin/ActivityKinds).
            migrationBuilder.Sql("""
                UPDATE "ActivityKinds" SET "NameEn" = CASE "Name"
                    WHEN 'サロン' THEN 'Salon' WHEN '居場所' THEN 'Drop-in space (ibasho)' WHEN '見守り' THEN 'Watching over neighbours'
                    WHEN '買い物支援' THEN 'Shopping help' WHEN '通いの場' THEN 'Community gathering place' WHEN 'ゴミ出し' THEN 'Rubbish-day help'
                    WHEN '通院付き添い' THEN 'Escort to hospital visits' END
                WHERE "Name" IN ('サロン', '居場所', '見守り', '買い物支援', '通いの場', 'ゴミ出し', '通院付き添い');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "UpdatedAt",
                table: "LocalActivities");

            migrationBuilder.DropColumn(
                name: "NameEn",
                table: "ActivityKinds");
        }
    }
}
