using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenCheckout.Server.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SubscriptionsAndTestClocks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Interval",
                table: "Prices",
                type: "TEXT",
                maxLength: 8,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "IntervalCount",
                table: "Prices",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "TrialPeriodDays",
                table: "Prices",
                type: "INTEGER",
                nullable: true);

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
                name: "Subscription",
                table: "CheckoutSessions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SubscriptionId",
                table: "CheckoutSessions",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TestClockId",
                table: "CheckoutSessions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Invoices",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    AccountId = table.Column<string>(type: "TEXT", nullable: false),
                    TestMode = table.Column<bool>(type: "INTEGER", nullable: false),
                    CustomerId = table.Column<string>(type: "TEXT", nullable: false),
                    SubscriptionId = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Currency = table.Column<string>(type: "TEXT", nullable: false),
                    Lines = table.Column<string>(type: "TEXT", nullable: false),
                    AmountDue = table.Column<long>(type: "INTEGER", nullable: false),
                    AmountPaid = table.Column<long>(type: "INTEGER", nullable: false),
                    AttemptCount = table.Column<int>(type: "INTEGER", nullable: false),
                    NextPaymentAttempt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    PeriodStart = table.Column<DateTime>(type: "TEXT", nullable: false),
                    PeriodEnd = table.Column<DateTime>(type: "TEXT", nullable: false),
                    BillingReason = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    PaymentIntentId = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    PaidAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Invoices", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Subscriptions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    AccountId = table.Column<string>(type: "TEXT", nullable: false),
                    TestMode = table.Column<bool>(type: "INTEGER", nullable: false),
                    CustomerId = table.Column<string>(type: "TEXT", nullable: false),
                    SessionId = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Items = table.Column<string>(type: "TEXT", nullable: false),
                    PendingItems = table.Column<string>(type: "TEXT", nullable: true),
                    Currency = table.Column<string>(type: "TEXT", nullable: false),
                    Interval = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    IntervalCount = table.Column<int>(type: "INTEGER", nullable: false),
                    CurrentPeriodStart = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CurrentPeriodEnd = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CancelAtPeriodEnd = table.Column<bool>(type: "INTEGER", nullable: false),
                    CancelAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CanceledAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    TrialStart = table.Column<DateTime>(type: "TEXT", nullable: true),
                    TrialEnd = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DefaultPaymentMethodId = table.Column<string>(type: "TEXT", nullable: true),
                    LatestInvoiceId = table.Column<string>(type: "TEXT", nullable: true),
                    Metadata = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Subscriptions", x => x.Id);
                });

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
                name: "IX_Invoices_AccountId_TestMode_CustomerId_Id",
                table: "Invoices",
                columns: new[] { "AccountId", "TestMode", "CustomerId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Invoices_AccountId_TestMode_Id",
                table: "Invoices",
                columns: new[] { "AccountId", "TestMode", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Invoices_Status_NextPaymentAttempt",
                table: "Invoices",
                columns: new[] { "Status", "NextPaymentAttempt" });

            migrationBuilder.CreateIndex(
                name: "IX_Invoices_SubscriptionId_PeriodStart",
                table: "Invoices",
                columns: new[] { "SubscriptionId", "PeriodStart" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Subscriptions_AccountId_TestMode_CustomerId_Id",
                table: "Subscriptions",
                columns: new[] { "AccountId", "TestMode", "CustomerId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Subscriptions_AccountId_TestMode_Id",
                table: "Subscriptions",
                columns: new[] { "AccountId", "TestMode", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Subscriptions_Status_CurrentPeriodEnd",
                table: "Subscriptions",
                columns: new[] { "Status", "CurrentPeriodEnd" });

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
                name: "Invoices");

            migrationBuilder.DropTable(
                name: "Subscriptions");

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
                name: "Interval",
                table: "Prices");

            migrationBuilder.DropColumn(
                name: "IntervalCount",
                table: "Prices");

            migrationBuilder.DropColumn(
                name: "TrialPeriodDays",
                table: "Prices");

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
                name: "Subscription",
                table: "CheckoutSessions");

            migrationBuilder.DropColumn(
                name: "SubscriptionId",
                table: "CheckoutSessions");

            migrationBuilder.DropColumn(
                name: "TestClockId",
                table: "CheckoutSessions");
        }
    }
}
