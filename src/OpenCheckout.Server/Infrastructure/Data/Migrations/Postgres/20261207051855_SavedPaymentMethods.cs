using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenCheckout.Server.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SavedPaymentMethods : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SetupFutureUse",
                table: "CheckoutSessions",
                type: "text",
                nullable: true,
                collation: "C");

            migrationBuilder.CreateTable(
                name: "CustomerPaymentMethods",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    AccountId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    TestMode = table.Column<bool>(type: "boolean", nullable: false),
                    CustomerId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ProcessorToken = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Brand = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Last4 = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ExpMonth = table.Column<int>(type: "integer", nullable: false),
                    ExpYear = table.Column<int>(type: "integer", nullable: false),
                    BillingName = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    BillingEmail = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    OffSession = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CustomerPaymentMethods", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CustomerPaymentMethods_AccountId_TestMode_CustomerId_Id",
                table: "CustomerPaymentMethods",
                columns: new[] { "AccountId", "TestMode", "CustomerId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CustomerPaymentMethods");

            migrationBuilder.DropColumn(
                name: "SetupFutureUse",
                table: "CheckoutSessions");
        }
    }
}
