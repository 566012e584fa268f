using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Training.Data.Migrations
{
    /// <inheritdoc />
    public partial class MatchingCoveringIndexesMatchfast2 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Consents_Purpose_PersonId_RecordedAt",
                table: "Consents");

            migrationBuilder.CreateIndex(
                name: "IX_People_Id_AnonymisedAt_AreaId",
                table: "People",
                columns: new[] { "Id", "AnonymisedAt", "AreaId" });

            migrationBuilder.CreateIndex(
                name: "IX_Consents_Purpose_PersonId_RecordedAt_Granted_Id",
                table: "Consents",
                columns: new[] { "Purpose", "PersonId", "RecordedAt", "Granted", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_People_Id_AnonymisedAt_AreaId",
                table: "People");

            migrationBuilder.DropIndex(
                name: "IX_Consents_Purpose_PersonId_RecordedAt_Granted_Id",
                table: "Consents");

            migrationBuilder.CreateIndex(
                name: "IX_Consents_Purpose_PersonId_RecordedAt",
                table: "Consents",
                columns: new[] { "Purpose", "PersonId", "RecordedAt" });
        }
    }
}
