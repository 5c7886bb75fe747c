using OpenCheckout.Wire;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Errors;
using OpenCheckout.Server.Infrastructure.Http;
using OpenCheckout.Server.Infrastructure.Idempotency;

namespace OpenCheckout.Server.Features.TestData;

/// <summary><c>POST /v1/test_helpers/reset</c>: deletes the calling account's test-mode objects (<see cref="TestDataReset"/>).
/// Test secret keys only: a live key gets the test helpers' 404 and nothing is touched.</summary>
static class TestDataApi
{
    public static void MapTestData(this IEndpointRouteBuilder v1)
    {
        v1.MapPost("/test_helpers/reset", Reset)
            .WithTags("Test Helpers")
            .WithName("ResetTestData")
            .Answers<TestHelpersReset>()
            .WithSummary("Delete every test-mode object of the account: sessions, payment intents, captures, refunds, disputes, customers, "
                + "events and their webhook deliveries, products, prices, coupons, shipping rates, idempotency records and the test-mode "
                + "request log. Live-mode data, API keys and webhook endpoints stay. Test-mode keys only.");
    }

    static async Task<IResult> Reset(HttpContext http, Merchant merchant, TestDataReset reset)
    {
        if (!merchant.TestMode) return ApiErrors.TestModeOnly().ToResult();
        return await http.WriteAsync(async (db, ct) => Respond(await reset.DeleteAsync(db, merchant.AccountId, ct)));
    }

    public static ApiResponse Respond(TestDataCounts c) => ApiResponse.Json(new TestHelpersReset(TestHelpersReset.ObjectName, true,
        new TestHelpersResetDeleted(c.CheckoutSessions, c.PaymentIntents, c.Refunds, c.Disputes, c.Customers, c.Events, c.WebhookDeliveries,
            c.WebhookAttempts, c.Products, c.Prices, c.Coupons, c.ShippingRates, c.IdempotencyRecords, c.RequestLogRows, c.Captures, c.PromoCodes,
            c.Subscriptions, c.Invoices), c.Total),
        WireJson.Default.TestHelpersReset);
}
