using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenCheckout.Server.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class HomeDays : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "HomeDaysVersion",
                table: "Accounts",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "HomeDays",
                columns: table => new
                {
                    AccountId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false, collation: "C"),
                    TestMode = table.Column<bool>(type: "boolean", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Figures = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HomeDays", x => new { x.AccountId, x.TestMode, x.Version, x.Day });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "HomeDays");

            migrationBuilder.DropColumn(
                name: "HomeDaysVersion",
                table: "Accounts");
        }
    }
}
