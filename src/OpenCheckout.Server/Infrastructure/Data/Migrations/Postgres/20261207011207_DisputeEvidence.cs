using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenCheckout.Server.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DisputeEvidence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "DecidesAt",
                table: "Disputes",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Evidence",
                table: "Disputes",
                type: "text",
                nullable: false,
                defaultValue: "{}"); // existing disputes: none

            migrationBuilder.AddColumn<DateTime>(
                name: "EvidenceDueBy",
                table: "Disputes",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Metadata",
                table: "Disputes",
                type: "text",
                nullable: false,
                defaultValue: "{}"); // existing disputes: none

            migrationBuilder.AddColumn<int>(
                name: "SubmissionCount",
                table: "Disputes",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "IX_Disputes_DecidesAt",
                table: "Disputes",
                column: "DecidesAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Disputes_DecidesAt",
                table: "Disputes");

            migrationBuilder.DropColumn(
                name: "DecidesAt",
                table: "Disputes");

            migrationBuilder.DropColumn(
                name: "Evidence",
                table: "Disputes");

            migrationBuilder.DropColumn(
                name: "EvidenceDueBy",
                table: "Disputes");

            migrationBuilder.DropColumn(
                name: "Metadata",
                table: "Disputes");

            migrationBuilder.DropColumn(
                name: "SubmissionCount",
                table: "Disputes");
        }
    }
}
