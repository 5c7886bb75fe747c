using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenCheckout.Server.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LiveRefunds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ProcessorRefundId",
                table: "Refunds",
                type: "character varying(255)",
                maxLength: 255,
                nullable: true,
                collation: "C");

            migrationBuilder.CreateIndex(
                name: "IX_Refunds_Status_CreatedAt",
                table: "Refunds",
                columns: new[] { "Status", "CreatedAt" },
                filter: "\"ProcessorRefundId\" IS NULL AND NOT \"TestMode\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Refunds_Status_CreatedAt",
                table: "Refunds");

            migrationBuilder.DropColumn(
                name: "ProcessorRefundId",
                table: "Refunds");
        }
    }
}
