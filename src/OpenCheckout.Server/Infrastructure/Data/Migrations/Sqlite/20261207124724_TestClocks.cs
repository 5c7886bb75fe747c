using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenCheckout.Server.Infrastructure.Data.Migrations.Sqlite
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TestClockId",
                table: "Disputes",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TestClockId",
                table: "Customers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TestClockId",
                table: "CheckoutSessions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "TestClocks",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    AccountId = table.Column<string>(type: "TEXT", nullable: false),
                    TestMode = table.Column<bool>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: true),
                    FrozenTime = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    AdvanceTo = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LockedBy = table.Column<string>(type: "TEXT", nullable: true),
                    LockedUntil = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
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
