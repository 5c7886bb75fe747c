using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenCheckout.Server.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FlexExtras : Migration
    {
        /// <inheritdoc />
        /// <summary>Rows that exist before this migration get what a session created without the extras has:
        /// automatic capture and empty lists (JSON <c>[]</c>, so they deserialize).</summary>
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "AmountCapturable",
                table: "PaymentIntents",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "CaptureMethod",
                table: "PaymentIntents",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "automatic");

            migrationBuilder.AddColumn<bool>(
                name: "AllowPromotionCodes",
                table: "CheckoutSessions",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "AmountFees",
                table: "CheckoutSessions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "CaptureMethod",
                table: "CheckoutSessions",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "automatic");

            migrationBuilder.AddColumn<string>(
                name: "Discounts",
                table: "CheckoutSessions",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "Fees",
                table: "CheckoutSessions",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<bool>(
                name: "ShippingAddressCollection",
                table: "CheckoutSessions",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "ShippingAllowedCountries",
                table: "CheckoutSessions",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "ShippingDetails",
                table: "CheckoutSessions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ShippingOptions",
                table: "CheckoutSessions",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "ShippingRateId",
                table: "CheckoutSessions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Coupons",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    AccountId = table.Column<string>(type: "TEXT", nullable: false),
                    TestMode = table.Column<bool>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    AmountOff = table.Column<long>(type: "INTEGER", nullable: true),
                    PercentOffBasisPoints = table.Column<long>(type: "INTEGER", nullable: true),
                    Currency = table.Column<string>(type: "TEXT", nullable: true),
                    AppliesToPrices = table.Column<string>(type: "TEXT", nullable: false),
                    AppliesToProducts = table.Column<string>(type: "TEXT", nullable: false),
                    Duration = table.Column<string>(type: "TEXT", nullable: false),
                    DurationInMonths = table.Column<long>(type: "INTEGER", nullable: true),
                    MaxRedemptions = table.Column<long>(type: "INTEGER", nullable: true),
                    TimesRedeemed = table.Column<long>(type: "INTEGER", nullable: false),
                    Metadata = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Coupons", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ShippingRates",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    AccountId = table.Column<string>(type: "TEXT", nullable: false),
                    TestMode = table.Column<bool>(type: "INTEGER", nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", nullable: true),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    Metadata = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ShippingRates", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Coupons_AccountId_TestMode_Id",
                table: "Coupons",
                columns: new[] { "AccountId", "TestMode", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ShippingRates_AccountId_TestMode_Id",
                table: "ShippingRates",
                columns: new[] { "AccountId", "TestMode", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Coupons");

            migrationBuilder.DropTable(
                name: "ShippingRates");

            migrationBuilder.DropColumn(
                name: "AmountCapturable",
                table: "PaymentIntents");

            migrationBuilder.DropColumn(
                name: "CaptureMethod",
                table: "PaymentIntents");

            migrationBuilder.DropColumn(
                name: "AllowPromotionCodes",
                table: "CheckoutSessions");

            migrationBuilder.DropColumn(
                name: "AmountFees",
                table: "CheckoutSessions");

            migrationBuilder.DropColumn(
                name: "CaptureMethod",
                table: "CheckoutSessions");

            migrationBuilder.DropColumn(
                name: "Discounts",
                table: "CheckoutSessions");

            migrationBuilder.DropColumn(
                name: "Fees",
                table: "CheckoutSessions");

            migrationBuilder.DropColumn(
                name: "ShippingAddressCollection",
                table: "CheckoutSessions");

            migrationBuilder.DropColumn(
                name: "ShippingAllowedCountries",
                table: "CheckoutSessions");

            migrationBuilder.DropColumn(
                name: "ShippingDetails",
                table: "CheckoutSessions");

            migrationBuilder.DropColumn(
                name: "ShippingOptions",
                table: "CheckoutSessions");

            migrationBuilder.DropColumn(
                name: "ShippingRateId",
                table: "CheckoutSessions");
        }
    }
}
