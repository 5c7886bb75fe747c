using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenCheckout.Server.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PartialClientReferenceIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CheckoutSessions_AccountId_TestMode_ClientReferenceId",
                table: "CheckoutSessions");

            migrationBuilder.CreateIndex(
                name: "IX_CheckoutSessions_AccountId_TestMode_ClientReferenceId_Id",
                table: "CheckoutSessions",
                columns: new[] { "AccountId", "TestMode", "ClientReferenceId", "Id" },
                filter: "\"ClientReferenceId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CheckoutSessions_AccountId_TestMode_ClientReferenceId_Id",
                table: "CheckoutSessions");

            migrationBuilder.CreateIndex(
                name: "IX_CheckoutSessions_AccountId_TestMode_ClientReferenceId",
                table: "CheckoutSessions",
                columns: new[] { "AccountId", "TestMode", "ClientReferenceId" });
        }
    }
}
