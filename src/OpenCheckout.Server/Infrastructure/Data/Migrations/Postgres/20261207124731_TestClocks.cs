using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenCheckout.Server.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class TestClocks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "TestClockId",
                table: "PaymentIntents",
                type: "text",
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "TestClockId",
                table: "Disputes",
                type: "text",
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "TestClockId",
                table: "Customers",
                type: "text",
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "TestClockId",
                table: "CheckoutSessions",
                type: "text",
                nullable: true,
                collation: "C");

            migrationBuilder.CreateTable(
                name: "TestClocks",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    AccountId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    TestMode = table.Column<bool>(type: "boolean", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    FrozenTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    AdvanceTo = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LockedBy = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    LockedUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TestClocks", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PaymentIntents_TestClockId_Status_AuthorizedAt",
                table: "PaymentIntents",
                columns: new[] { "TestClockId", "Status", "AuthorizedAt" },
                filter: "\"TestClockId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Disputes_TestClockId",
                table: "Disputes",
                column: "TestClockId",
                filter: "\"TestClockId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Customers_TestClockId",
                table: "Customers",
                column: "TestClockId",
                filter: "\"TestClockId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_CheckoutSessions_TestClockId_Status_ExpiresAt",
                table: "CheckoutSessions",
                columns: new[] { "TestClockId", "Status", "ExpiresAt" },
                filter: "\"TestClockId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_TestClocks_AccountId_TestMode_Id",
                table: "TestClocks",
                columns: new[] { "AccountId", "TestMode", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_TestClocks_Status",
                table: "TestClocks",
                column: "Status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "TestClocks");

            migrationBuilder.DropIndex(
                name: "IX_PaymentIntents_TestClockId_Status_AuthorizedAt",
                table: "PaymentIntents");

            migrationBuilder.DropIndex(
                name: "IX_Disputes_TestClockId",
                table: "Disputes");

            migrationBuilder.DropIndex(
                name: "IX_Customers_TestClockId",
                table: "Customers");

            migrationBuilder.DropIndex(
                name: "IX_CheckoutSessions_TestClockId_Status_ExpiresAt",
                table: "CheckoutSessions");

            migrationBuilder.DropColumn(
                name: "TestClockId",
                table: "PaymentIntents");

            migrationBuilder.DropColumn(
                name: "TestClockId",
                table: "Disputes");

            migrationBuilder.DropColumn(
                name: "TestClockId",
                table: "Customers");

            migrationBuilder.DropColumn(
                name: "TestClockId",
                table: "CheckoutSessions");
        }
    }
}
