using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenCheckout.Server.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CapturesAndDisputeEvidence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "AuthorizedAt",
                table: "PaymentIntents",
                type: "TEXT",
                nullable: true);

            // An authorization stored before this column counts from its last change, which for one awaiting capture was
            // its authorization: the lapse worker then needs only the column (and its index).
            migrationBuilder.Sql("UPDATE \"PaymentIntents\" SET \"AuthorizedAt\" = \"UpdatedAt\" WHERE \"Status\" = 'requires_capture'");

            migrationBuilder.AddColumn<DateTime>(
                name: "DecidesAt",
                table: "Disputes",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Evidence",
                table: "Disputes",
                type: "TEXT",
                nullable: false,
                defaultValue: "{}"); // existing disputes: none

            migrationBuilder.AddColumn<DateTime>(
                name: "EvidenceDueBy",
                table: "Disputes",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Metadata",
                table: "Disputes",
                type: "TEXT",
                nullable: false,
                defaultValue: "{}"); // existing disputes: none

            migrationBuilder.AddColumn<int>(
                name: "SubmissionCount",
                table: "Disputes",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "Captures",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    AccountId = table.Column<string>(type: "TEXT", nullable: false),
                    TestMode = table.Column<bool>(type: "INTEGER", nullable: false),
                    PaymentIntentId = table.Column<string>(type: "TEXT", nullable: false),
                    ChargeId = table.Column<string>(type: "TEXT", nullable: true),
                    SessionId = table.Column<string>(type: "TEXT", nullable: true),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    AmountShipping = table.Column<long>(type: "INTEGER", nullable: false),
                    AmountDiscount = table.Column<long>(type: "INTEGER", nullable: false),
                    AmountTax = table.Column<long>(type: "INTEGER", nullable: false),
                    Metadata = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Captures", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PaymentIntents_Status_AuthorizedAt",
                table: "PaymentIntents",
                columns: new[] { "Status", "AuthorizedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Disputes_DecidesAt",
                table: "Disputes",
                column: "DecidesAt");

            migrationBuilder.CreateIndex(
                name: "IX_Captures_AccountId_TestMode_Id",
                table: "Captures",
                columns: new[] { "AccountId", "TestMode", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Captures_PaymentIntentId",
                table: "Captures",
                column: "PaymentIntentId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Captures_SessionId_Id",
                table: "Captures",
                columns: new[] { "SessionId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Captures");

            migrationBuilder.DropIndex(
                name: "IX_PaymentIntents_Status_AuthorizedAt",
                table: "PaymentIntents");

            migrationBuilder.DropIndex(
                name: "IX_Disputes_DecidesAt",
                table: "Disputes");

            migrationBuilder.DropColumn(
                name: "AuthorizedAt",
                table: "PaymentIntents");

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
