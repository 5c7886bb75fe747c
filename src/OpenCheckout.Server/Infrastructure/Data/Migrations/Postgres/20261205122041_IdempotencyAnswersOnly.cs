using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenCheckout.Server.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class IdempotencyAnswersOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A record without an answer is the claim of a run whose effect never committed (the answer commits with it).
            migrationBuilder.Sql("DELETE FROM \"IdempotencyRecords\" WHERE \"StatusCode\" IS NULL;");

            migrationBuilder.DropColumn(
                name: "ClaimToken",
                table: "IdempotencyRecords");

            migrationBuilder.DropColumn(
                name: "ClaimedAt",
                table: "IdempotencyRecords");

            migrationBuilder.DropColumn(
                name: "HolderInstance",
                table: "IdempotencyRecords");

            migrationBuilder.AlterColumn<int>(
                name: "StatusCode",
                table: "IdempotencyRecords",
                type: "integer",
                nullable: false,
                defaultValue: 0,
                oldClrType: typeof(int),
                oldType: "integer",
                oldNullable: true);

            migrationBuilder.AlterColumn<byte[]>(
                name: "ResponseBody",
                table: "IdempotencyRecords",
                type: "bytea",
                nullable: false,
                defaultValue: new byte[0],
                oldClrType: typeof(byte[]),
                oldType: "bytea",
                oldNullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<int>(
                name: "StatusCode",
                table: "IdempotencyRecords",
                type: "integer",
                nullable: true,
                oldClrType: typeof(int),
                oldType: "integer");

            migrationBuilder.AlterColumn<byte[]>(
                name: "ResponseBody",
                table: "IdempotencyRecords",
                type: "bytea",
                nullable: true,
                oldClrType: typeof(byte[]),
                oldType: "bytea");

            migrationBuilder.AddColumn<string>(
                name: "ClaimToken",
                table: "IdempotencyRecords",
                type: "text",
                nullable: false,
                defaultValue: "",
                collation: "C");

            migrationBuilder.AddColumn<DateTime>(
                name: "ClaimedAt",
                table: "IdempotencyRecords",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<string>(
                name: "HolderInstance",
                table: "IdempotencyRecords",
                type: "text",
                nullable: false,
                defaultValue: "",
                collation: "C");
        }
    }
}
