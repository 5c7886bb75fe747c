using System.Net;
using System.Text.Json;
using OpenCheckout.Server.Tests.Features.Webhooks;

namespace OpenCheckout.Server.Tests.Hardening;

/// <summary>Tenant isolation over every route that takes an id or lists (issue 18, guard tests): one owner with an object of
/// every kind, and two keys that must see none of them: another account's, and the owner's own key of the other mode.
/// Each query is scoped separately (OwnedBy), so each route is tried.</summary>
public abstract class EveryRouteTenantTests(DatabaseProvider provider) : IAsyncLifetime
{
    readonly TestApp _app = new(provider);
    TestMerchant _owner = null!;
    TestMerchant _intruder = null!;
    readonly Dictionary<string, string> _ids = [];

    public async Task InitializeAsync()
    {
        _owner = await _app.CreateMerchantAsync("Owner Shop");
        _intruder = await _app.CreateMerchantAsync("Intruder Shop");
        using var api = _owner.Api();
        async Task<JsonElement> PostAsync(string path, object body)
        {
            var response = await api.PostAsync(path, Json.Body(JsonSerializer.Serialize(body)));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{path}: {text}");
            return JsonDocument.Parse(text).RootElement.Clone();
        }

        _ids["price"] = await _owner.CreatePriceAsync(5000);
        _ids["product"] = (await (await api.GetAsync($"/v1/prices/{_ids["price"]}")).ReadJsonAsync()).GetProperty("price").GetProperty("product").GetString()!;
        _ids["coupon"] = (await PostAsync("/v1/coupons", new { name = "Ten", amount_off = 1000 })).GetProperty("coupon").GetProperty("coupon_id").GetString()!;
        _ids["promo_code"] = (await PostAsync("/v1/promo_codes", new { coupon_id = _ids["coupon"], code = "TEN" }))
            .GetProperty("promo_code").GetProperty("promo_code_id").GetString()!;
        _ids["shipping_rate"] = (await PostAsync("/v1/shipping_rates", new { display_name = "Post", amount = 500 }))
            .GetProperty("shipping_rate").GetProperty("shipping_rate_id").GetString()!;
        _ids["webhook"] = (await _owner.CreateWebhookAsync("http://127.0.0.1:9/hooks", ["*"])).Str("webhook_id");
        _ids["open_session"] = (await _owner.CreateSessionAsync(_ids["price"])).Id();

        // Paid with the dispute card, refunded in part, disputed once the delay has passed.
        var paid = (await _owner.CreateSessionAsync(_ids["price"])).Id();
        Assert.Equal(HttpStatusCode.OK, (await _owner.PayWithTestHelperAsync(paid, "4000000000000259")).StatusCode);
        var session = await _owner.GetSessionAsync(paid);
        _ids["session"] = paid;
        _ids["payment_intent"] = session.GetProperty("payment_intent").GetString()!;
        _ids["customer"] = session.GetProperty("customer").GetString()!;
        _ids["refund"] = (await PostAsync("/v1/refunds", new { payment_intent = _ids["payment_intent"], amount = 100 })).GetProperty("refund").GetProperty("refund_id").GetString()!;
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        await _app.OpenDueDisputesAsync();
        _ids["dispute"] = (await api.ListAsync("/v1/disputes", "disputes")).Single().GetProperty("dispute_id").GetString()!;
        _ids["event"] = (await api.ListAsync("/v1/events", "events")).First().GetProperty("event_id").GetString()!;

        var manual = (await PostAsync("/v1/checkout/sessions", new
        {
            success_url = "https://shop.example/ok", capture_method = "manual", line_items = new[] { new { price = _ids["price"], quantity = 1 } },
        })).GetProperty("checkout_session").Id();
        Assert.Equal(HttpStatusCode.OK, (await _owner.PayWithTestHelperAsync(manual)).StatusCode);
        _ids["authorized_session"] = manual;
        var captured = (await PostAsync("/v1/checkout/sessions", new
        {
            success_url = "https://shop.example/ok", capture_method = "manual", line_items = new[] { new { price = _ids["price"], quantity = 1 } },
        })).GetProperty("checkout_session").Id();
        Assert.Equal(HttpStatusCode.OK, (await _owner.PayWithTestHelperAsync(captured)).StatusCode);
        await PostAsync($"/v1/checkout/sessions/{captured}/capture", new { });
        _ids["capture"] = (await api.ListAsync("/v1/captures", "captures")).Single().GetProperty("capture_id").GetString()!;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>Every read of one object.</summary>
    IEnumerable<string> Reads() =>
    [
        $"/v1/checkout/sessions/{_ids["session"]}", $"/v1/checkout/sessions/{_ids["open_session"]}",
        $"/v1/checkout/sessions/{_ids["session"]}/line_items", $"/v1/products/{_ids["product"]}", $"/v1/prices/{_ids["price"]}",
        $"/v1/coupons/{_ids["coupon"]}", $"/v1/shipping_rates/{_ids["shipping_rate"]}", $"/v1/payment_intents/{_ids["payment_intent"]}",
        $"/v1/customers/{_ids["customer"]}", $"/v1/refunds/{_ids["refund"]}", $"/v1/disputes/{_ids["dispute"]}",
        $"/v1/webhooks/{_ids["webhook"]}", $"/v1/webhooks/{_ids["webhook"]}/deliveries", $"/v1/events/{_ids["event"]}",
        $"/v1/captures/{_ids["capture"]}", $"/v1/promo_codes/{_ids["promo_code"]}",
    ];

    /// <summary>Every write on one object, with a body that would succeed for its owner.</summary>
    IEnumerable<(string Path, string Body)> Writes() =>
    [
        ($"/v1/checkout/sessions/{_ids["open_session"]}/expire", "{}"),
        ($"/v1/checkout/sessions/{_ids["authorized_session"]}/capture", "{}"),
        ($"/v1/checkout/sessions/{_ids["authorized_session"]}/cancel", "{}"),
        ($"/v1/checkout/sessions/{_ids["session"]}/refund", "{}"),
        ($"/v1/test_helpers/checkout/sessions/{_ids["open_session"]}/pay", "{}"),
        ($"/v1/products/{_ids["product"]}", """{"name":"Taken"}"""),
        ($"/v1/prices/{_ids["price"]}", """{"active":false}"""),
        ($"/v1/promo_codes/{_ids["promo_code"]}", """{"active":false}"""),
        ($"/v1/refunds/{_ids["refund"]}", """{"metadata":{"x":"y"}}"""),
        ($"/v1/captures/{_ids["capture"]}", """{"metadata":{"x":"y"}}"""),
        ($"/v1/disputes/{_ids["dispute"]}", """{"evidence":{"uncategorized_text":"winning_evidence"},"submit":true}"""),
        ($"/v1/disputes/{_ids["dispute"]}/close", "{}"),
        ($"/v1/webhooks/{_ids["webhook"]}", """{"url":"http://127.0.0.1:9/other"}"""),
        ($"/v1/webhooks/{_ids["webhook"]}/rotate_secret", "{}"),
        ($"/v1/events/{_ids["event"]}/retry", "{}"),
    ];

    static readonly (string Path, string List)[] Lists =
    [
        ("/v1/checkout/sessions", "checkout_sessions"), ("/v1/products", "products"), ("/v1/prices", "prices"), ("/v1/coupons", "coupons"),
        ("/v1/shipping_rates", "shipping_rates"), ("/v1/payment_intents", "payment_intents"), ("/v1/customers", "customers"),
        ("/v1/refunds", "refunds"), ("/v1/disputes", "disputes"), ("/v1/webhooks", "webhooks"), ("/v1/events", "events"),
        ("/v1/captures", "captures"), ("/v1/promo_codes", "promo_codes"),
    ];

    /// <param name="ownPrice">Makes a price of the account and mode of <paramref name="api"/>'s key.</param>
    async Task AssertSeesNothingAsync(HttpClient api, Func<Task<string>> ownPrice)
    {
        foreach (var path in Reads())
            await ApiAssert.ErrorAsync(await api.GetAsync(path), HttpStatusCode.NotFound, "invalid_request_error", "resource_missing");
        foreach (var (path, body) in Writes())
        {
            var response = await api.PostAsync(path, Json.Body(body));
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        var delete = await api.DeleteAsync($"/v1/webhooks/{_ids["webhook"]}");
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        foreach (var (path, list) in Lists) Assert.Empty(await api.ListAsync(path + "?limit=100", list));

        // The owner's objects named in another request are unknown too.
        var refund = await api.PostAsync("/v1/refunds", Json.Body($$"""{"payment_intent":"{{_ids["payment_intent"]}}","amount":100}"""));
        await ApiAssert.ErrorAsync(refund, HttpStatusCode.UnprocessableEntity, "invalid_request_error", "payment_intent_not_found");
        var session = await api.PostAsync("/v1/checkout/sessions", Json.Body(JsonSerializer.Serialize(new
        {
            success_url = "https://shop.example/ok", line_items = new[] { new { price = _ids["price"], quantity = 1 } },
        })));
        await ApiAssert.ErrorAsync(session, HttpStatusCode.UnprocessableEntity, "invalid_request_error", "price_not_found");
        var price = await ownPrice();
        foreach (var (extra, code) in new[]
                 {
                     ((object)new { discounts = new[] { new { coupon_id = _ids["coupon"] } } }, "coupon_not_found"),
                     (new { shipping_options = new[] { new { shipping_rate_id = _ids["shipping_rate"] } } }, "shipping_rate_not_found"),
                 })
        {
            var body = JsonSerializer.SerializeToNode(new { success_url = "https://shop.example/ok", line_items = new[] { new { price, quantity = 1 } } })!.AsObject();
            foreach (var field in JsonSerializer.SerializeToNode(extra)!.AsObject().ToList()) body[field.Key] = field.Value!.DeepClone();
            var refused = await api.PostAsync("/v1/checkout/sessions", Json.Body(body.ToJsonString()));
            await ApiAssert.ErrorAsync(refused, HttpStatusCode.UnprocessableEntity, "invalid_request_error", code);
        }
        foreach (var query in new[] { $"payment_intent={_ids["payment_intent"]}", $"checkout_session={_ids["session"]}" })
            Assert.Empty(await api.ListAsync($"/v1/refunds?{query}", "refunds"));
        Assert.Empty(await api.ListAsync($"/v1/disputes?payment_intent={_ids["payment_intent"]}", "disputes"));
        Assert.Empty(await api.ListAsync($"/v1/captures?checkout_session={_ids["authorized_session"]}", "captures"));
    }

    async Task AssertOwnerStillHasEverythingAsync()
    {
        using var owner = _owner.Api();
        foreach (var path in Reads()) Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync(path)).StatusCode);
        Assert.Equal("open", (await _owner.GetSessionAsync(_ids["open_session"])).Status());
        Assert.Equal("unpaid", (await _owner.GetSessionAsync(_ids["authorized_session"])).GetProperty("payment_status").GetString());
        Assert.Equal("needs_response", (await (await owner.GetAsync($"/v1/disputes/{_ids["dispute"]}")).ReadJsonAsync()).GetProperty("dispute").GetProperty("status").GetString());
        Assert.Single(await owner.ListAsync("/v1/refunds", "refunds"));
        Assert.Empty(Assert.Single(await owner.ListAsync("/v1/captures", "captures")).GetProperty("metadata").EnumerateObject());
    }

    [Fact]
    public async Task AnotherAccountsKey_SeesAndChangesNothingOnAnyRoute()
    {
        using var intruder = _intruder.Api();

        await AssertSeesNothingAsync(intruder, () => _intruder.CreatePriceAsync(100));

        await AssertOwnerStillHasEverythingAsync();
    }

    [Fact]
    public async Task TheOwnersOtherModeKey_SeesAndChangesNothingOnAnyRoute()
    {
        using var live = _owner.Api(live: true);

        await AssertSeesNothingAsync(live, () => _owner.CreatePriceAsync(100, live: true));

        await AssertOwnerStillHasEverythingAsync();
    }
}

public sealed class EveryRouteTenantTestsOnSqlite() : EveryRouteTenantTests(DatabaseProvider.Sqlite);
public sealed class EveryRouteTenantTestsOnPostgres() : EveryRouteTenantTests(DatabaseProvider.Postgres);
