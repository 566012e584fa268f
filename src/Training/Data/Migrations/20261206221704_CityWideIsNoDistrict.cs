using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Training.Data.Migrations
{
    /// <inheritdoc />
    public partial class CityWideIsNoDistrict : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // City-wide is "no district", once: what was put in a 市全域 area (AreaTier.CityWide) moves to the null area,
            // so it shows in every district's list and PDF; the area is retired. A coordinator whose only area was the
            // city-wide one worked for the whole city and keeps doing so (no areas: every area).
            migrationBuilder.Sql("""
                UPDATE "Programs" SET "AreaId" = NULL WHERE "AreaId" IN (SELECT "Id" FROM "Areas" WHERE "Tier" = 'CityWide');
                UPDATE "Courses" SET "AreaId" = NULL WHERE "AreaId" IN (SELECT "Id" FROM "Areas" WHERE "Tier" = 'CityWide');
                UPDATE "People" SET "AreaId" = NULL WHERE "AreaId" IN (SELECT "Id" FROM "Areas" WHERE "Tier" = 'CityWide');
                DELETE FROM "StaffUserAreas" WHERE "AreaId" IN (SELECT "Id" FROM "Areas" WHERE "Tier" = 'CityWide');
                UPDATE "Areas" SET "IsActive" = FALSE WHERE "Tier" = 'CityWide';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Not undone: which records were in the retired area is not kept.
        }
    }
}
