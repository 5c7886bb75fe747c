using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OpenCheckout.Server.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Accounts",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false, collation: "C"),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Accounts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ApiKeys",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false, collation: "C"),
                    AccountId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    TestMode = table.Column<bool>(type: "boolean", nullable: false),
                    SecretHash = table.Column<byte[]>(type: "bytea", nullable: false),
                    Last4 = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RevokedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApiKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CheckoutSessions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    AccountId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    TestMode = table.Column<bool>(type: "boolean", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    PaymentStatus = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Mode = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Currency = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    AmountSubtotal = table.Column<long>(type: "bigint", nullable: false),
                    AmountTotal = table.Column<long>(type: "bigint", nullable: false),
                    AmountDiscount = table.Column<long>(type: "bigint", nullable: false),
                    AmountTax = table.Column<long>(type: "bigint", nullable: false),
                    AmountShipping = table.Column<long>(type: "bigint", nullable: false),
                    AmountFees = table.Column<long>(type: "bigint", nullable: false),
                    Discounts = table.Column<string>(type: "text", nullable: false),
                    Fees = table.Column<string>(type: "text", nullable: false),
                    ShippingOptions = table.Column<string>(type: "text", nullable: false),
                    ShippingRateId = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ShippingAddressCollection = table.Column<bool>(type: "boolean", nullable: false),
                    ShippingAllowedCountries = table.Column<string>(type: "text", nullable: false),
                    ShippingDetails = table.Column<string>(type: "text", nullable: true),
                    AllowPromotionCodes = table.Column<bool>(type: "boolean", nullable: false),
                    CaptureMethod = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    LineItems = table.Column<string>(type: "text", nullable: false),
                    SuccessUrl = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    CancelUrl = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ClientReferenceId = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Metadata = table.Column<string>(type: "text", nullable: false),
                    Defaults = table.Column<string>(type: "text", nullable: true),
                    CustomerEmail = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    CustomerName = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    CustomerId = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    PaymentIntentId = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    AmountRefunded = table.Column<long>(type: "bigint", nullable: false),
                    RefundIds = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CompletedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CheckoutSessions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Coupons",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    AccountId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    TestMode = table.Column<bool>(type: "boolean", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    AmountOff = table.Column<long>(type: "bigint", nullable: true),
                    PercentOffBasisPoints = table.Column<long>(type: "bigint", nullable: true),
                    Currency = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    AppliesToPrices = table.Column<string>(type: "text", nullable: false),
                    AppliesToProducts = table.Column<string>(type: "text", nullable: false),
                    Duration = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    DurationInMonths = table.Column<long>(type: "bigint", nullable: true),
                    MaxRedemptions = table.Column<long>(type: "bigint", nullable: true),
                    TimesRedeemed = table.Column<long>(type: "bigint", nullable: false),
                    Metadata = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Coupons", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Customers",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    AccountId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    TestMode = table.Column<bool>(type: "boolean", nullable: false),
                    Email = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Name = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Customers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FriendlyName = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Xml = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Disputes",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    AccountId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    TestMode = table.Column<bool>(type: "boolean", nullable: false),
                    PaymentIntentId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ChargeId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    SessionId = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    Currency = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Reason = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Status = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    OpensAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    OpenedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Disputes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Events",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    AccountId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    TestMode = table.Column<bool>(type: "boolean", nullable: false),
                    Type = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Payload = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Events", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "IdempotencyRecords",
                columns: table => new
                {
                    AccountId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    TestMode = table.Column<bool>(type: "boolean", nullable: false),
                    Method = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Path = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Key = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    RequestHash = table.Column<byte[]>(type: "bytea", nullable: false),
                    ClaimToken = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    HolderInstance = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ClaimedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    StatusCode = table.Column<int>(type: "integer", nullable: true),
                    ResponseBody = table.Column<byte[]>(type: "bytea", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IdempotencyRecords", x => new { x.AccountId, x.TestMode, x.Method, x.Path, x.Key, x.RequestHash });
                });

            migrationBuilder.CreateTable(
                name: "NodeInstances",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Name = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    HeartbeatAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    StoppedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NodeInstances", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PaymentIntents",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    AccountId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    TestMode = table.Column<bool>(type: "boolean", nullable: false),
                    SessionId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    CustomerId = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    AmountReceived = table.Column<long>(type: "bigint", nullable: false),
                    AmountCapturable = table.Column<long>(type: "bigint", nullable: false),
                    CaptureMethod = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    AmountRefunded = table.Column<long>(type: "bigint", nullable: false),
                    ChargeId = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Currency = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Status = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    PaymentMethodId = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    CardBrand = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    CardLast4 = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    CardExpMonth = table.Column<int>(type: "integer", nullable: true),
                    CardExpYear = table.Column<int>(type: "integer", nullable: true),
                    ErrorType = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ErrorCode = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ErrorDeclineCode = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ErrorMessage = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PaymentIntents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Prices",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    AccountId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    TestMode = table.Column<bool>(type: "boolean", nullable: false),
                    ProductId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    UnitAmount = table.Column<long>(type: "bigint", nullable: false),
                    Currency = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Description = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Active = table.Column<bool>(type: "boolean", nullable: false),
                    Metadata = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Prices", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Products",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    AccountId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    TestMode = table.Column<bool>(type: "boolean", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Description = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Active = table.Column<bool>(type: "boolean", nullable: false),
                    Metadata = table.Column<string>(type: "text", nullable: false),
                    Url = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Gtin = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    UpcCode = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ReferenceGtin = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ClientReferenceId = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ImageUrls = table.Column<string>(type: "text", nullable: false),
                    Categories = table.Column<string>(type: "text", nullable: false),
                    HsaFsaEligibility = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Products", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Refunds",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    AccountId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    TestMode = table.Column<bool>(type: "boolean", nullable: false),
                    PaymentIntentId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    SessionId = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    Currency = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Status = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Reason = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Metadata = table.Column<string>(type: "text", nullable: false),
                    Lines = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Refunds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ShippingRates",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    AccountId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    TestMode = table.Column<bool>(type: "boolean", nullable: false),
                    DisplayName = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    Currency = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Active = table.Column<bool>(type: "boolean", nullable: false),
                    Metadata = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ShippingRates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WebhookEndpoints",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    AccountId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    TestMode = table.Column<bool>(type: "boolean", nullable: false),
                    Url = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Events = table.Column<string>(type: "text", nullable: false),
                    Description = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Secret = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    PreviousSecret = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    PreviousSecretExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Status = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    DisabledReason = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    FailingSince = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WebhookEndpoints", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WebhookAttempts",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    AccountId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    TestMode = table.Column<bool>(type: "boolean", nullable: false),
                    EndpointId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    DeliveryId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    EventId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    EventType = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    AttemptNumber = table.Column<int>(type: "integer", nullable: false),
                    AttemptedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    StatusCode = table.Column<int>(type: "integer", nullable: true),
                    LatencyMs = table.Column<long>(type: "bigint", nullable: false),
                    Error = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ResponseSnippet = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Succeeded = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WebhookAttempts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WebhookAttempts_WebhookEndpoints_EndpointId",
                        column: x => x.EndpointId,
                        principalTable: "WebhookEndpoints",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WebhookDeliveries",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    EventId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    EndpointId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Status = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LockedUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LockToken = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    LockedBy = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DeliveredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WebhookDeliveries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WebhookDeliveries_Events_EventId",
                        column: x => x.EventId,
                        principalTable: "Events",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_WebhookDeliveries_WebhookEndpoints_EndpointId",
                        column: x => x.EndpointId,
                        principalTable: "WebhookEndpoints",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ApiKeys_AccountId",
                table: "ApiKeys",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_CheckoutSessions_AccountId_TestMode_ClientReferenceId_Id",
                table: "CheckoutSessions",
                columns: new[] { "AccountId", "TestMode", "ClientReferenceId", "Id" },
                filter: "\"ClientReferenceId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_CheckoutSessions_AccountId_TestMode_Id",
                table: "CheckoutSessions",
                columns: new[] { "AccountId", "TestMode", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_CheckoutSessions_AccountId_TestMode_Status_Id",
                table: "CheckoutSessions",
                columns: new[] { "AccountId", "TestMode", "Status", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_CheckoutSessions_Status_ExpiresAt",
                table: "CheckoutSessions",
                columns: new[] { "Status", "ExpiresAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Coupons_AccountId_TestMode_Id",
                table: "Coupons",
                columns: new[] { "AccountId", "TestMode", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Customers_AccountId_TestMode_Email",
                table: "Customers",
                columns: new[] { "AccountId", "TestMode", "Email" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Customers_AccountId_TestMode_Id",
                table: "Customers",
                columns: new[] { "AccountId", "TestMode", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Disputes_AccountId_TestMode_Id",
                table: "Disputes",
                columns: new[] { "AccountId", "TestMode", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Disputes_OpenedAt_OpensAt",
                table: "Disputes",
                columns: new[] { "OpenedAt", "OpensAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Disputes_PaymentIntentId",
                table: "Disputes",
                column: "PaymentIntentId");

            migrationBuilder.CreateIndex(
                name: "IX_Events_AccountId_TestMode_Id",
                table: "Events",
                columns: new[] { "AccountId", "TestMode", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Events_AccountId_TestMode_Type_Id",
                table: "Events",
                columns: new[] { "AccountId", "TestMode", "Type", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_IdempotencyRecords_CreatedAt",
                table: "IdempotencyRecords",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_NodeInstances_StoppedAt_HeartbeatAt",
                table: "NodeInstances",
                columns: new[] { "StoppedAt", "HeartbeatAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PaymentIntents_AccountId_TestMode_Id",
                table: "PaymentIntents",
                columns: new[] { "AccountId", "TestMode", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_PaymentIntents_SessionId",
                table: "PaymentIntents",
                column: "SessionId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Prices_AccountId_TestMode_Id",
                table: "Prices",
                columns: new[] { "AccountId", "TestMode", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Prices_AccountId_TestMode_ProductId",
                table: "Prices",
                columns: new[] { "AccountId", "TestMode", "ProductId" });

            migrationBuilder.CreateIndex(
                name: "IX_Products_AccountId_TestMode_Id",
                table: "Products",
                columns: new[] { "AccountId", "TestMode", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Refunds_AccountId_TestMode_Id",
                table: "Refunds",
                columns: new[] { "AccountId", "TestMode", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Refunds_PaymentIntentId_Id",
                table: "Refunds",
                columns: new[] { "PaymentIntentId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Refunds_SessionId_Id",
                table: "Refunds",
                columns: new[] { "SessionId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ShippingRates_AccountId_TestMode_Id",
                table: "ShippingRates",
                columns: new[] { "AccountId", "TestMode", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_WebhookAttempts_EndpointId_Id",
                table: "WebhookAttempts",
                columns: new[] { "EndpointId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_WebhookDeliveries_EndpointId",
                table: "WebhookDeliveries",
                column: "EndpointId");

            migrationBuilder.CreateIndex(
                name: "IX_WebhookDeliveries_EventId_EndpointId",
                table: "WebhookDeliveries",
                columns: new[] { "EventId", "EndpointId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WebhookDeliveries_LockToken",
                table: "WebhookDeliveries",
                column: "LockToken");

            migrationBuilder.CreateIndex(
                name: "IX_WebhookDeliveries_LockedBy",
                table: "WebhookDeliveries",
                column: "LockedBy");

            migrationBuilder.CreateIndex(
                name: "IX_WebhookDeliveries_Status_NextAttemptAt",
                table: "WebhookDeliveries",
                columns: new[] { "Status", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_WebhookEndpoints_AccountId_TestMode_Id",
                table: "WebhookEndpoints",
                columns: new[] { "AccountId", "TestMode", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Accounts");

            migrationBuilder.DropTable(
                name: "ApiKeys");

            migrationBuilder.DropTable(
                name: "CheckoutSessions");

            migrationBuilder.DropTable(
                name: "Coupons");

            migrationBuilder.DropTable(
                name: "Customers");

            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropTable(
                name: "Disputes");

            migrationBuilder.DropTable(
                name: "IdempotencyRecords");

            migrationBuilder.DropTable(
                name: "NodeInstances");

            migrationBuilder.DropTable(
                name: "PaymentIntents");

            migrationBuilder.DropTable(
                name: "Prices");

            migrationBuilder.DropTable(
                name: "Products");

            migrationBuilder.DropTable(
                name: "Refunds");

            migrationBuilder.DropTable(
                name: "ShippingRates");

            migrationBuilder.DropTable(
                name: "WebhookAttempts");

            migrationBuilder.DropTable(
                name: "WebhookDeliveries");

            migrationBuilder.DropTable(
                name: "Events");

            migrationBuilder.DropTable(
                name: "WebhookEndpoints");
        }
    }
}
