using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenCheckout.Server.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PaymentLinks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PaymentLinkId",
                table: "CheckoutSessions",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PaymentLinks",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    AccountId = table.Column<string>(type: "TEXT", nullable: false),
                    TestMode = table.Column<bool>(type: "INTEGER", nullable: false),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    Label = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Currency = table.Column<string>(type: "TEXT", nullable: false),
                    LineItems = table.Column<string>(type: "TEXT", nullable: false),
                    Tax = table.Column<long>(type: "INTEGER", nullable: false),
                    ShippingRateIds = table.Column<string>(type: "TEXT", nullable: false),
                    ShippingAddressCollection = table.Column<bool>(type: "INTEGER", nullable: false),
                    ShippingAllowedCountries = table.Column<string>(type: "TEXT", nullable: false),
                    CouponIds = table.Column<string>(type: "TEXT", nullable: false),
                    AllowPromotionCodes = table.Column<bool>(type: "INTEGER", nullable: false),
                    CaptureMethod = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    PaymentIntentMetadata = table.Column<string>(type: "TEXT", nullable: false),
                    RedirectUrl = table.Column<string>(type: "TEXT", nullable: true),
                    ConfirmationMessage = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Metadata = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PaymentLinks", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CheckoutSessions_AccountId_TestMode_PaymentLinkId_Id",
                table: "CheckoutSessions",
                columns: new[] { "AccountId", "TestMode", "PaymentLinkId", "Id" },
                filter: "\"PaymentLinkId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_PaymentLinks_AccountId_TestMode_Active_Id",
                table: "PaymentLinks",
                columns: new[] { "AccountId", "TestMode", "Active", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PaymentLinks");

            migrationBuilder.DropIndex(
                name: "IX_CheckoutSessions_AccountId_TestMode_PaymentLinkId_Id",
                table: "CheckoutSessions");

            migrationBuilder.DropColumn(
                name: "PaymentLinkId",
                table: "CheckoutSessions");
        }
    }
}
