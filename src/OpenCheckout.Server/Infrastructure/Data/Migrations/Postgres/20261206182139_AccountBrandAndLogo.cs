using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenCheckout.Server.Infrastructure.Data.Migrations.Postgres
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
                type: "character varying(7)",
                maxLength: 7,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "LogoVersion",
                table: "Accounts",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "SupportEmail",
                table: "Accounts",
                type: "character varying(254)",
                maxLength: 254,
                nullable: true,
                collation: "C");

            migrationBuilder.CreateTable(
                name: "AccountLogos",
                columns: table => new
                {
                    AccountId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false, collation: "C"),
                    ContentType = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    Data = table.Column<byte[]>(type: "bytea", nullable: false),
                    Version = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, collation: "C"),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
