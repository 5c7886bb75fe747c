using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenCheckout.Server.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StatusListIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_CheckoutSessions_AccountId_TestMode_Status_Id",
                table: "CheckoutSessions",
                columns: new[] { "AccountId", "TestMode", "Status", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CheckoutSessions_AccountId_TestMode_Status_Id",
                table: "CheckoutSessions");
        }
    }
}
