using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenCheckout.Server.Infrastructure.Data.Migrations.Postgres
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
                type: "character varying(64)",
                maxLength: 64,
                nullable: true,
                collation: "C");

            migrationBuilder.CreateTable(
                name: "PaymentLinks",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    AccountId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    TestMode = table.Column<bool>(type: "boolean", nullable: false),
                    Active = table.Column<bool>(type: "boolean", nullable: false),
                    Label = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true, collation: "C"),
                    Currency = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    LineItems = table.Column<string>(type: "text", nullable: false),
                    Tax = table.Column<long>(type: "bigint", nullable: false),
                    ShippingRateIds = table.Column<string>(type: "text", nullable: false),
                    ShippingAddressCollection = table.Column<bool>(type: "boolean", nullable: false),
                    ShippingAllowedCountries = table.Column<string>(type: "text", nullable: false),
                    CouponIds = table.Column<string>(type: "text", nullable: false),
                    AllowPromotionCodes = table.Column<bool>(type: "boolean", nullable: false),
                    CaptureMethod = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    PaymentIntentMetadata = table.Column<string>(type: "text", nullable: false),
                    RedirectUrl = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ConfirmationMessage = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true, collation: "C"),
                    Metadata = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
