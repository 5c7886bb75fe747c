using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenCheckout.Server.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PromoCodes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PromoCodes",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    AccountId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    TestMode = table.Column<bool>(type: "boolean", nullable: false),
                    Code = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    CodeKey = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    CouponId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Active = table.Column<bool>(type: "boolean", nullable: false),
                    MaxRedemptions = table.Column<long>(type: "bigint", nullable: true),
                    TimesRedeemed = table.Column<long>(type: "bigint", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    FirstTimeTransaction = table.Column<bool>(type: "boolean", nullable: false),
                    MinimumAmount = table.Column<long>(type: "bigint", nullable: true),
                    MinimumAmountCurrency = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Metadata = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PromoCodes", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PromoCodes_AccountId_TestMode_CodeKey",
                table: "PromoCodes",
                columns: new[] { "AccountId", "TestMode", "CodeKey" },
                unique: true,
                filter: "\"Active\"");

            migrationBuilder.CreateIndex(
                name: "IX_PromoCodes_AccountId_TestMode_Id",
                table: "PromoCodes",
                columns: new[] { "AccountId", "TestMode", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PromoCodes");
        }
    }
}
