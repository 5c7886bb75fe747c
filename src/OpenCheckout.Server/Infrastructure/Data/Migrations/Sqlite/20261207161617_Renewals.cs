using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenCheckout.Server.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Renewals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Subscriptions_Status_CurrentPeriodEnd",
                table: "Subscriptions");

            migrationBuilder.DropIndex(
                name: "IX_Invoices_Status_NextPaymentAttempt",
                table: "Invoices");

            migrationBuilder.AddColumn<string>(
                name: "TestClockId",
                table: "Subscriptions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "SessionId",
                table: "PaymentIntents",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT");

            migrationBuilder.AddColumn<string>(
                name: "InvoiceId",
                table: "PaymentIntents",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TestClockId",
                table: "Invoices",
                type: "TEXT",
                nullable: true);

            // Subscriptions and invoices made before this migration hang off their session's test clock too.
            migrationBuilder.Sql("""
                UPDATE "Subscriptions" SET "TestClockId" = (SELECT s."TestClockId" FROM "CheckoutSessions" s WHERE s."Id" = "Subscriptions"."SessionId");
                UPDATE "Invoices" SET "TestClockId" = (SELECT s."TestClockId" FROM "Subscriptions" s WHERE s."Id" = "Invoices"."SubscriptionId");
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Subscriptions_TestClockId_CancelAt",
                table: "Subscriptions",
                columns: new[] { "TestClockId", "CancelAt" },
                filter: "\"CancelAt\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Subscriptions_TestClockId_Status_CurrentPeriodEnd",
                table: "Subscriptions",
                columns: new[] { "TestClockId", "Status", "CurrentPeriodEnd" });

            migrationBuilder.CreateIndex(
                name: "IX_PaymentIntents_InvoiceId",
                table: "PaymentIntents",
                column: "InvoiceId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Invoices_TestClockId_Status_NextPaymentAttempt",
                table: "Invoices",
                columns: new[] { "TestClockId", "Status", "NextPaymentAttempt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Subscriptions_TestClockId_CancelAt",
                table: "Subscriptions");

            migrationBuilder.DropIndex(
                name: "IX_Subscriptions_TestClockId_Status_CurrentPeriodEnd",
                table: "Subscriptions");

            migrationBuilder.DropIndex(
                name: "IX_PaymentIntents_InvoiceId",
                table: "PaymentIntents");

            migrationBuilder.DropIndex(
                name: "IX_Invoices_TestClockId_Status_NextPaymentAttempt",
                table: "Invoices");

            migrationBuilder.DropColumn(
                name: "TestClockId",
                table: "Subscriptions");

            migrationBuilder.DropColumn(
                name: "InvoiceId",
                table: "PaymentIntents");

            migrationBuilder.DropColumn(
                name: "TestClockId",
                table: "Invoices");

            migrationBuilder.AlterColumn<string>(
                name: "SessionId",
                table: "PaymentIntents",
                type: "TEXT",
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Subscriptions_Status_CurrentPeriodEnd",
                table: "Subscriptions",
                columns: new[] { "Status", "CurrentPeriodEnd" });

            migrationBuilder.CreateIndex(
                name: "IX_Invoices_Status_NextPaymentAttempt",
                table: "Invoices",
                columns: new[] { "Status", "NextPaymentAttempt" });
        }
    }
}
