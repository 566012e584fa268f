using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Training.PostgreSql.Migrations
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
                type: "character varying(500)",
                maxLength: 500,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<DateTime>(
                name: "ProposedEndsAt",
                table: "Sessions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProposedReason",
                table: "Sessions",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<DateTime>(
                name: "ProposedStartsAt",
                table: "Sessions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProposedVenue",
                table: "Sessions",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<bool>(
                name: "LeaderSessionsNeedApproval",
                table: "Programs",
                type: "boolean",
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
