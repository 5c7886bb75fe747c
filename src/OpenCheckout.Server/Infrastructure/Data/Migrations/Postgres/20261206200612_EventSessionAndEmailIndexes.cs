using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenCheckout.Server.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class EventSessionAndEmailIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SessionId",
                table: "Events",
                type: "character varying(30)",
                maxLength: 30,
                nullable: true,
                collation: "C");

            // The events recorded before: the same rule as EventLog.SessionIdIn, the first quoted session id in the payload.
            migrationBuilder.Sql("""
                UPDATE "Events" SET "SessionId" = substr("Payload", strpos("Payload", '"fcs_') + 1, 30)
                WHERE strpos("Payload", '"fcs_') > 0 AND substr("Payload", strpos("Payload", '"fcs_') + 31, 1) = '"';
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Events_AccountId_TestMode_SessionId_Id",
                table: "Events",
                columns: new[] { "AccountId", "TestMode", "SessionId", "Id" },
                filter: "\"SessionId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_CheckoutSessions_AccountId_TestMode_CustomerEmail_Id",
                table: "CheckoutSessions",
                columns: new[] { "AccountId", "TestMode", "CustomerEmail", "Id" },
                filter: "\"CustomerEmail\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Events_AccountId_TestMode_SessionId_Id",
                table: "Events");

            migrationBuilder.DropIndex(
                name: "IX_CheckoutSessions_AccountId_TestMode_CustomerEmail_Id",
                table: "CheckoutSessions");

            migrationBuilder.DropColumn(
                name: "SessionId",
                table: "Events");
        }
    }
}
