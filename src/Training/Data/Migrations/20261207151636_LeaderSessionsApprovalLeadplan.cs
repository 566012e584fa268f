using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Training.Data.Migrations
{
    /// <inheritdoc />
    public partial class LeaderSessionsApprovalLeadplan : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DecisionNote",
                table: "Sessions",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ProposedEndsAt",
                table: "Sessions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProposedReason",
                table: "Sessions",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ProposedStartsAt",
                table: "Sessions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProposedVenue",
                table: "Sessions",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "LeaderSessionsNeedApproval",
                table: "Programs",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DecisionNote",
                table: "Sessions");

            migrationBuilder.DropColumn(
                name: "ProposedEndsAt",
                table: "Sessions");

            migrationBuilder.DropColumn(
                name: "ProposedReason",
                table: "Sessions");

            migrationBuilder.DropColumn(
                name: "ProposedStartsAt",
                table: "Sessions");

            migrationBuilder.DropColumn(
                name: "ProposedVenue",
                table: "Sessions");

            migrationBuilder.DropColumn(
                name: "LeaderSessionsNeedApproval",
                table: "Programs");
        }
    }
}
