using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Training.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class BookingBySession : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "FromSession",
                table: "Registrations",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "UntilSession",
                table: "Registrations",
                type: "integer",
                nullable: true);

            // Bookings of open activities made before this cover the sessions from the first one not yet over when
            // they booked: the months before the resident joined are not theirs.
            migrationBuilder.Sql("""
                UPDATE "Registrations" SET "FromSession" = (
                    SELECT MIN(s."SequenceNumber") FROM "Sessions" s
                    WHERE s."CourseId" = "Registrations"."CourseId" AND s."EndsAt" > "Registrations"."RegisteredAt")
                WHERE "CourseId" IN (
                    SELECT c."Id" FROM "Courses" c JOIN "Programs" p ON p."Id" = c."ProgramId" WHERE p."Kind" = 'Activity');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FromSession",
                table: "Registrations");

            migrationBuilder.DropColumn(
                name: "UntilSession",
                table: "Registrations");
        }
    }
}
