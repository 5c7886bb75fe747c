using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenCheckout.Server.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LivePayments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ProcessorRefundId",
                table: "Refunds",
                type: "TEXT",
                maxLength: 255,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ProcessorAttempts",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    PaymentIntentId = table.Column<string>(type: "TEXT", nullable: false),
                    SessionId = table.Column<string>(type: "TEXT", nullable: false),
                    AccountId = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", nullable: false),
                    ManualCapture = table.Column<bool>(type: "INTEGER", nullable: false),
                    PaymentMethodToken = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    ReturnUrl = table.Column<string>(type: "TEXT", nullable: false),
                    Email = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Shipping = table.Column<string>(type: "TEXT", nullable: true),
                    ShippingRateId = table.Column<string>(type: "TEXT", nullable: true),
                    ExpectedTotal = table.Column<long>(type: "INTEGER", nullable: true),
                    ProcessorPaymentId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ResolvedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProcessorAttempts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ProcessorEvents",
                columns: table => new
                {
                    AccountId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    EventId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ReceivedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProcessorEvents", x => new { x.AccountId, x.EventId });
                });

            migrationBuilder.CreateIndex(
                name: "IX_Refunds_Status_CreatedAt",
                table: "Refunds",
                columns: new[] { "Status", "CreatedAt" },
                filter: "\"ProcessorRefundId\" IS NULL AND NOT \"TestMode\"");

            migrationBuilder.CreateIndex(
                name: "IX_ProcessorAttempts_PaymentIntentId",
                table: "ProcessorAttempts",
                column: "PaymentIntentId");

            migrationBuilder.CreateIndex(
                name: "IX_ProcessorAttempts_Status_CreatedAt",
                table: "ProcessorAttempts",
                columns: new[] { "Status", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ProcessorAttempts");

            migrationBuilder.DropTable(
                name: "ProcessorEvents");

            migrationBuilder.DropIndex(
                name: "IX_Refunds_Status_CreatedAt",
                table: "Refunds");

            migrationBuilder.DropColumn(
                name: "ProcessorRefundId",
                table: "Refunds");
        }
    }
}
