using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenCheckout.Server.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AccountBrandAndLogo : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "BrandColor",
                table: "Accounts",
                type: "TEXT",
                maxLength: 7,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LogoVersion",
                table: "Accounts",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SupportEmail",
                table: "Accounts",
                type: "TEXT",
                maxLength: 254,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AccountLogos",
                columns: table => new
                {
                    AccountId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Data = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Version = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccountLogos", x => x.AccountId);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AccountLogos");

            migrationBuilder.DropColumn(
                name: "BrandColor",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "LogoVersion",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "SupportEmail",
                table: "Accounts");
        }
    }
}
