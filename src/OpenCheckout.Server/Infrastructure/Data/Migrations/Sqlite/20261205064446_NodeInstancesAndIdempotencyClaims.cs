using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenCheckout.Server.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class NodeInstancesAndIdempotencyClaims : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_IdempotencyRecords",
                table: "IdempotencyRecords");

            migrationBuilder.DropColumn(
                name: "ContentType",
                table: "IdempotencyRecords");

            // Records made before claims named their holder: an unanswered one is taken over by its next retry.
            migrationBuilder.DropColumn(
                name: "LockedUntil",
                table: "IdempotencyRecords");

            migrationBuilder.AddColumn<string>(
                name: "HolderInstance",
                table: "IdempotencyRecords",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "LockedBy",
                table: "WebhookDeliveries",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ClaimToken",
                table: "IdempotencyRecords",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "ClaimedAt",
                table: "IdempotencyRecords",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddPrimaryKey(
                name: "PK_IdempotencyRecords",
                table: "IdempotencyRecords",
                columns: new[] { "AccountId", "TestMode", "Method", "Path", "Key", "RequestHash" });

            migrationBuilder.CreateTable(
                name: "NodeInstances",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    HeartbeatAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    StoppedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NodeInstances", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_WebhookDeliveries_LockedBy",
                table: "WebhookDeliveries",
                column: "LockedBy");

            migrationBuilder.CreateIndex(
                name: "IX_NodeInstances_StoppedAt_HeartbeatAt",
                table: "NodeInstances",
                columns: new[] { "StoppedAt", "HeartbeatAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "NodeInstances");

            migrationBuilder.DropIndex(
                name: "IX_WebhookDeliveries_LockedBy",
                table: "WebhookDeliveries");

            migrationBuilder.DropPrimaryKey(
                name: "PK_IdempotencyRecords",
                table: "IdempotencyRecords");

            migrationBuilder.DropColumn(
                name: "LockedBy",
                table: "WebhookDeliveries");

            migrationBuilder.DropColumn(
                name: "ClaimToken",
                table: "IdempotencyRecords");

            migrationBuilder.DropColumn(
                name: "ClaimedAt",
                table: "IdempotencyRecords");

            migrationBuilder.DropColumn(
                name: "HolderInstance",
                table: "IdempotencyRecords");

            migrationBuilder.AddColumn<DateTime>(
                name: "LockedUntil",
                table: "IdempotencyRecords",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<string>(
                name: "ContentType",
                table: "IdempotencyRecords",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddPrimaryKey(
                name: "PK_IdempotencyRecords",
                table: "IdempotencyRecords",
                columns: new[] { "AccountId", "TestMode", "Method", "Path", "Key" });
        }
    }
}
