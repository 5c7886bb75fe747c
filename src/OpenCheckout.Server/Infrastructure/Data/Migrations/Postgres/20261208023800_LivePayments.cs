using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenCheckout.Server.Infrastructure.Data.Migrations.Postgres
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
                type: "character varying(255)",
                maxLength: 255,
                nullable: true,
                collation: "C");

            migrationBuilder.CreateTable(
                name: "ProcessorAttempts",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false, collation: "C"),
                    PaymentIntentId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    SessionId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    AccountId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    Currency = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ManualCapture = table.Column<bool>(type: "boolean", nullable: false),
                    PaymentMethodToken = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false, collation: "C"),
                    ReturnUrl = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Email = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Name = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Shipping = table.Column<string>(type: "text", nullable: true),
                    ShippingRateId = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ExpectedTotal = table.Column<long>(type: "bigint", nullable: true),
                    ProcessorPaymentId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true, collation: "C"),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ResolvedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProcessorAttempts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ProcessorEvents",
                columns: table => new
                {
                    AccountId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false, collation: "C"),
                    EventId = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false, collation: "C"),
                    Type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "C"),
                    ReceivedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
