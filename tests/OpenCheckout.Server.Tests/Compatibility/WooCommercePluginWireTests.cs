using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenCheckout.Server.Tests.Compatibility;

/// <summary>Each request shape Flex's WooCommerce plugin sends, replayed over HTTP, asserting the response fields the
/// plugin reads. Rows of docs/compatibility.md name these tests.</summary>
public abstract class WooCommercePluginWireTests(DatabaseProvider provider) : IAsyncLifetime
{
    readonly TestApp _app = new(provider);
    TestMerchant _merchant = null!;
    FlexPluginClient _flex = null!;

    public async Task InitializeAsync()
    {
        _merchant = await _app.CreateMerchantAsync();
        _flex = new FlexPluginClient(_app, _merchant.TestKey);
    }

    public async Task DisposeAsync()
    {
        _flex.Dispose();
        await _app.DisposeAsync();
    }

    const string SuccessUrl = "https://shop.example/wp-json/wc-flex/v1/orders/1234/complete?_wpnonce=abc123";

    async Task<string> ProductAsync(string name = "Vitamin D")
    {
        var created = await _flex.OkAsync(_flex.PostAsync("/v1/products", $$$"""
            {"product": {"name": "{{{name}}}", "active": true, "description": null, "url": "https://shop.example/product/vitamin-d"}}
            """));
        return created["product"].GetProperty("product_id").GetString()!;
    }

    async Task<string> PriceAsync(string productId, long unitAmount, string? description = null)
    {
        var descriptionJson = description is null ? "null" : JsonSerializer.Serialize(description);
        var created = await _flex.OkAsync(_flex.PostAsync("/v1/prices", $$$"""
            {"price": {"active": true, "description": {{{descriptionJson}}}, "product": "{{{productId}}}", "unit_amount": {{{unitAmount}}} } }
            """));
        var price = created["price"];
        Assert.Equal(productId, price.GetProperty("product").GetString());
        Assert.Equal(unitAmount, price.GetProperty("unit_amount").GetInt64());
        Assert.True(price.GetProperty("active").GetBoolean());
        return price.GetProperty("price_id").GetString()!;
    }

    [Fact]
    public async Task EveryRequest_CarriesJsonContentTypeAndIdempotencyKey_GetAndDeleteIncluded()
    {
        var productId = await ProductAsync();
        var key = FlexPluginClient.KeyFor("product " + productId);

        var get = await _flex.OkAsync(_flex.GetAsync($"/v1/products/{productId}", key));
        Assert.Equal(productId, get["product"].GetProperty("product_id").GetString());
        var list = await _flex.OkAsync(_flex.GetAsync("/v1/products?limit=5", key));
        Assert.Contains(list["products"].EnumerateArray(), p => p.GetProperty("product_id").GetString() == productId);
        // The same GET with the same key is a read, not a replay of anything.
        var again = await _flex.OkAsync(_flex.GetAsync($"/v1/products/{productId}", key));
        Assert.False(again.Raw.Headers.Contains("Idempotent-Replayed"));

        var webhook = await _flex.OkAsync(_flex.PostAsync("/v1/webhooks",
            """{"webhook": {"url": "https://shop.example/wp-json/wc-flex/v1/test/webhooks", "events": ["checkout.session.completed", "refund.updated"]}}"""));
        var webhookId = webhook["webhook"].GetProperty("webhook_id").GetString();
        var deleted = await _flex.OkAsync(_flex.DeleteAsync($"/v1/webhooks/{webhookId}",
            """{"webhook": {"url": "https://shop.example/wp-json/wc-flex/v1/test/webhooks", "events": ["checkout.session.completed", "refund.updated"]}}""", key));
        Assert.Equal(webhookId, deleted["webhook"].GetProperty("webhook_id").GetString());
    }

    [Fact]
    public async Task OneIdempotencyKey_OnDifferentPathsAndMethods_RunsEachRequest_AndReplaysOnlyTheSameOne()
    {
        var key = FlexPluginClient.KeyFor("one content hash");
        var product = await _flex.OkAsync(_flex.PostAsync("/v1/products", """{"product": {"name": "Shared key", "active": true, "description": null, "url": null}}""", key));
        var productId = product["product"].GetProperty("product_id").GetString()!;

        var patched = await _flex.OkAsync(_flex.PatchAsync($"/v1/products/{productId}",
            """{"product": {"name": "Shared key, renamed", "active": true, "description": null, "url": null}}""", key));
        Assert.Equal("Shared key, renamed", patched["product"].GetProperty("name").GetString());
        var price = await _flex.OkAsync(_flex.PostAsync("/v1/prices",
            $$$"""{"price": {"active": true, "description": null, "product": "{{{productId}}}", "unit_amount": 1500}}""", key));
        Assert.StartsWith("fprice_", price["price"].GetProperty("price_id").GetString());
        var webhook = await _flex.OkAsync(_flex.PostAsync("/v1/webhooks",
            """{"webhook": {"url": "https://shop.example/hooks", "events": ["checkout.session.completed", "refund.updated"]}}""", key));
        Assert.StartsWith("fwh_", webhook["webhook"].GetProperty("webhook_id").GetString());

        // Same method, path, key and body: the first answer, replayed.
        var replay = await _flex.OkAsync(_flex.PostAsync("/v1/products", """{"product": {"name": "Shared key", "active": true, "description": null, "url": null}}""", key));
        Assert.Equal(productId, replay["product"].GetProperty("product_id").GetString());
        Assert.Equal("true", replay.Raw.Headers.GetValues("Idempotent-Replayed").Single());
    }

    [Fact]
    public async Task Product_PatchWithThePluginsShape_UpdatesEveryField()
    {
        var productId = await ProductAsync();
        var patched = await _flex.OkAsync(_flex.PatchAsync($"/v1/products/{productId}", """
            {"product": {"name": "Vitamin D3", "active": false, "description": "1000 IU, 90 capsules", "url": "https://shop.example/product/d3", "gtin": "00012345678905"}}
            """));
        var product = patched["product"];
        Assert.Equal(productId, product.GetProperty("product_id").GetString());
        Assert.Equal("Vitamin D3", product.GetProperty("name").GetString());
        Assert.False(product.GetProperty("active").GetBoolean());
        Assert.Equal("1000 IU, 90 capsules", product.GetProperty("description").GetString());
        Assert.Equal("https://shop.example/product/d3", product.GetProperty("url").GetString());
        Assert.Equal("00012345678905", product.GetProperty("gtin").GetString());
        Assert.Equal("not_eligible", product.GetProperty("hsa_fsa_eligibility").GetString());

        // description null clears it; gtin left out leaves it.
        var cleared = await _flex.OkAsync(_flex.PatchAsync($"/v1/products/{productId}",
            """{"product": {"name": "Vitamin D3", "active": true, "description": null, "url": "https://shop.example/product/d3"}}"""));
        Assert.Equal(JsonValueKind.Null, cleared["product"].GetProperty("description").ValueKind);
        Assert.Equal("00012345678905", cleared["product"].GetProperty("gtin").GetString());
    }

    [Fact]
    public async Task Product_RecreatedByPostingItsGetResponseBack_WithReadOnlyFieldsAndMetadataAsEmptyList()
    {
        var productId = await ProductAsync();
        var existing = await _flex.OkAsync(_flex.GetAsync($"/v1/products/{productId}"));
        // Product::exec(CREATE): unset product_id, array_merge with jsonSerialize().
        var body = FlexPluginClient.AsPhpArray(existing["product"], "product_id");
        Assert.IsType<JsonArray>(body["metadata"]);
        body["name"] = "Vitamin D (new)";
        var recreated = await _flex.OkAsync(_flex.PostAsync("/v1/products", new JsonObject { ["product"] = body }.ToJsonString()));
        var product = recreated["product"];
        Assert.NotEqual(productId, product.GetProperty("product_id").GetString());
        Assert.Equal("Vitamin D (new)", product.GetProperty("name").GetString());
        Assert.Empty(product.GetProperty("metadata").EnumerateObject());

        // Then the old one is retired: {name, active: false, description, url} by PATCH.
        var retired = await _flex.OkAsync(_flex.PatchAsync($"/v1/products/{productId}",
            """{"product": {"name": "Vitamin D", "active": false, "description": null, "url": null}}"""));
        Assert.False(retired["product"].GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Price_UpdateShapes_AlwaysCarryProductAndUnitAmount_NullWhenRetiring()
    {
        var productId = await ProductAsync();
        var priceId = await PriceAsync(productId, 1999);

        var described = await _flex.OkAsync(_flex.PostAsync($"/v1/prices/{priceId}",
            $$$"""{"price": {"active": true, "description": "90 capsules", "product": "{{{productId}}}", "unit_amount": 1999}}"""));
        Assert.Equal("90 capsules", described["price"].GetProperty("description").GetString());

        // Price::exec(CREATE) retires the old price with new self(id, active: false, product): unit_amount and description null.
        var retired = await _flex.OkAsync(_flex.PostAsync($"/v1/prices/{priceId}",
            $$$"""{"price": {"active": false, "description": null, "product": "{{{productId}}}", "unit_amount": null}}"""));
        Assert.False(retired["price"].GetProperty("active").GetBoolean());
        Assert.Equal(1999, retired["price"].GetProperty("unit_amount").GetInt64());

        var changed = await _flex.PostAsync($"/v1/prices/{priceId}",
            $$$"""{"price": {"active": true, "description": null, "product": "{{{productId}}}", "unit_amount": 2500}}""");
        Assert.Equal(400, changed.Status);
        Assert.Equal("parameter_immutable", changed["detail"][0].GetProperty("type").GetString());
    }

    [Fact]
    public async Task Price_RecreatedByPostingItsGetResponseBack_WithANewAmount()
    {
        var productId = await ProductAsync();
        var priceId = await PriceAsync(productId, 1999, "90 capsules");
        var existing = await _flex.OkAsync(_flex.GetAsync($"/v1/prices/{priceId}"));
        var body = FlexPluginClient.AsPhpArray(existing["price"], "price_id", "price");
        body["unit_amount"] = 2199;
        body["active"] = true;
        var recreated = await _flex.OkAsync(_flex.PostAsync("/v1/prices", new JsonObject { ["price"] = body }.ToJsonString()));
        var price = recreated["price"];
        Assert.NotEqual(priceId, price.GetProperty("price_id").GetString());
        Assert.Equal(2199, price.GetProperty("unit_amount").GetInt64());
        Assert.Equal("90 capsules", price.GetProperty("description").GetString());
        Assert.Equal(productId, price.GetProperty("product").GetString());
    }

    [Fact]
    public async Task Session_WrappedBodyWithEmptyStringDefaults_ReturnsWhatThePluginReads()
    {
        var priceId = await PriceAsync(await ProductAsync(), 1250);
        var created = await _flex.OkAsync(_flex.PostAsync("/v1/checkout/sessions", $$$"""
            {"checkout_session": {
              "defaults": {"email": "", "first_name": "", "last_name": "", "phone": ""},
              "success_url": "{{{SuccessUrl}}}",
              "line_items": [{"quantity": 2, "price": "{{{priceId}}}"}],
              "client_reference_id": "1234",
              "mode": "payment",
              "cancel_url": "https://shop.example/checkout/"}}
            """));
        var session = created["checkout_session"];
        Assert.StartsWith("fcs_", session.GetProperty("checkout_session_id").GetString());
        Assert.StartsWith(_app.BaseAddress + "pay/c/fcs_", session.GetProperty("redirect_url").GetString());
        Assert.Equal(2500, session.GetProperty("amount_total").GetInt64());
        Assert.Equal("open", session.GetProperty("status").GetString());
        Assert.Equal("payment", session.GetProperty("mode").GetString());
        Assert.True(session.GetProperty("test_mode").GetBoolean());
        Assert.Equal(SuccessUrl, session.GetProperty("success_url").GetString());
        Assert.Equal("https://shop.example/checkout/", session.GetProperty("cancel_url").GetString());
        Assert.Equal("1234", session.GetProperty("client_reference_id").GetString());
        Assert.Equal("", session.GetProperty("defaults").GetProperty("email").GetString());
        Assert.Equal(priceId, session.GetProperty("line_items")[0].GetProperty("price").GetProperty("price_id").GetString());

        // The refresh the plugin does later: GET by id, same fields.
        var refreshed = await _flex.OkAsync(_flex.GetAsync($"/v1/checkout/sessions/{session.GetProperty("checkout_session_id").GetString()}"));
        Assert.Equal(2500, refreshed["checkout_session"].GetProperty("amount_total").GetInt64());
    }

    [Fact]
    public async Task Session_DefaultsAsPhpEmptyList_AndCustomerIdInDefaults_AreAccepted()
    {
        var priceId = await PriceAsync(await ProductAsync(), 1000);
        var empty = await _flex.OkAsync(_flex.PostAsync("/v1/checkout/sessions",
            $$$"""{"checkout_session": {"defaults": [], "success_url": "{{{SuccessUrl}}}", "line_items": [{"quantity": 1, "price": "{{{priceId}}}"}], "client_reference_id": "1", "mode": "payment", "cancel_url": null}}"""));
        Assert.Equal(JsonValueKind.Null, empty["checkout_session"].GetProperty("defaults").ValueKind);
        var withCustomer = await _flex.OkAsync(_flex.PostAsync("/v1/checkout/sessions",
            $$$"""{"checkout_session": {"defaults": {"customer_id": "fcus_01HACM7FZ1084XB1GB6053VM0D", "email": "jo@example.com"}, "success_url": "{{{SuccessUrl}}}", "line_items": [{"quantity": 1, "price": "{{{priceId}}}"}], "mode": "payment"}}"""));
        Assert.Equal("jo@example.com", withCustomer["checkout_session"].GetProperty("defaults").GetProperty("email").GetString());
    }

    /// <summary>An order as CheckoutSession::from_wc builds it: a coupon grouped per line amount (coupon_data with applies_to
    /// prices), a sale discount per unit by coupon_id (created first with POST /v1/coupons), one shipping option as an object,
    /// and tax_rate. The plugin refuses to redirect unless amount_total equals the order total.</summary>
    [Fact]
    public async Task Session_WithThePluginsExtras_AmountTotalEqualsTheOrderTotal()
    {
        var shirt = await PriceAsync(await ProductAsync("Shirt"), 2500);
        var socks = await PriceAsync(await ProductAsync("Socks"), 1000);
        var sale = await _flex.OkAsync(_flex.PostAsync("/v1/coupons", $$$"""{"coupon": {"name": "Sale", "amount_off": 200, "applies_to": {"prices": ["{{{socks}}}"]} } }"""));
        var saleId = sale["coupon"].GetProperty("coupon_id").GetString()!;
        Assert.StartsWith("fcoup_", saleId);
        Assert.Equal(200, sale["coupon"].GetProperty("amount_off").GetInt64());
        Assert.Equal(socks, sale["coupon"].GetProperty("applies_to").GetProperty("prices")[0].GetString());

        var created = await _flex.OkAsync(_flex.PostAsync("/v1/checkout/sessions", $$$"""
            {"checkout_session": {
              "defaults": {"email": "jo@example.com", "first_name": "Jo", "last_name": "Doe", "phone": "555-0100"},
              "success_url": "{{{SuccessUrl}}}",
              "line_items": [{"quantity": 2, "price": "{{{shirt}}}"}, {"quantity": 2, "price": "{{{socks}}}"}],
              "client_reference_id": "1234",
              "mode": "payment",
              "cancel_url": "https://shop.example/checkout/",
              "shipping_options": {"shipping_rate_data": {"display_name": "Flat rate", "amount": 599}},
              "tax_rate": {"amount": 421},
              "discounts": [
                {"coupon_data": {"name": "save10", "amount_off": 1000, "applies_to": {"prices": ["{{{shirt}}}"]} } },
                {"coupon_id": "{{{saleId}}}"},
                {"coupon_id": "{{{saleId}}}"}]}}
            """));
        var session = created["checkout_session"];
        // WooCommerce's total: 2 × 25.00 + 2 × 10.00 − 10.00 − 2 × 2.00 + 5.99 + 4.21 = 66.20.
        var orderTotal = 2 * 2500 + 2 * 1000 - 1000 - 2 * 200 + 599 + 421;
        Assert.Equal(orderTotal, session.GetProperty("amount_total").GetInt64());
        Assert.Equal(7000, session.GetProperty("amount_subtotal").GetInt64());
        var details = session.GetProperty("total_details");
        Assert.Equal(1400, details.GetProperty("amount_discount").GetInt64());
        Assert.Equal(599, details.GetProperty("amount_shipping").GetInt64());
        Assert.Equal(421, details.GetProperty("amount_tax").GetInt64());
        // What CheckoutSession::extract reads back: tax_rate {amount}, shipping_options {shipping_rate_id, shipping_amount}.
        Assert.Equal(421, session.GetProperty("tax_rate").GetProperty("amount").GetInt64());
        Assert.Equal(599, session.GetProperty("shipping_options").GetProperty("shipping_amount").GetInt64());
        Assert.StartsWith("fshr_", session.GetProperty("shipping_options").GetProperty("shipping_rate_id").GetString());
        Assert.Equal([4000, 1600], session.GetProperty("line_items").EnumerateArray().Select(l => l.GetProperty("amount_total").GetInt64()));
    }

    [Fact]
    public async Task StalePrice_Is422WithPriceNotFoundInDetail0Type_AndTheRetryWithANewPriceSucceeds()
    {
        var productId = await ProductAsync();
        var stale = await PriceAsync(productId, 1000);
        await _flex.OkAsync(_flex.PostAsync($"/v1/prices/{stale}",
            $$$"""{"price": {"active": false, "description": null, "product": "{{{productId}}}", "unit_amount": null}}"""));
        var body = $$$"""{"checkout_session": {"success_url": "{{{SuccessUrl}}}", "line_items": [{"quantity": 1, "price": "{{{stale}}}"}], "mode": "payment"}}""";

        var refused = await _flex.PostAsync("/v1/checkout/sessions", body);
        Assert.Equal(422, refused.Status);
        Assert.Equal("price_not_found", refused["detail"][0].GetProperty("type").GetString());
        Assert.Equal(["body", "line_items[0].price"], ApiAssert.Strings(refused["detail"][0].GetProperty("loc")));

        // Recovery: a new price (its content differs from the retired one's, and so does the plugin's key for it).
        var fresh = await PriceAsync(productId, 1000, "restocked");
        var retried = await _flex.OkAsync(_flex.PostAsync("/v1/checkout/sessions", body.Replace(stale, fresh)));
        Assert.Equal(1000, retried["checkout_session"].GetProperty("amount_total").GetInt64());
    }

    /// <summary>The plugin's recovery (CheckoutSession::exec, Price::exec): the create is refused 422 <c>price_not_found</c>, so it
    /// re-creates each line's price by POSTing <c>/v1/prices</c> with the price it GETs merged under its own fields — under the
    /// key it first created the price with (a hash of those same fields), the body now different — then creates again.</summary>
    [Fact]
    public async Task StalePrice_RecreatedUnderTheKeyOfItsFirstCreate_WithAMergedBody_IsANewPrice_AndTheSessionThenSucceeds()
    {
        var productId = await ProductAsync();
        var fields = new JsonObject { ["active"] = true, ["description"] = null, ["product"] = productId, ["unit_amount"] = 1500 };
        var key = FlexPluginClient.KeyFor(fields.ToJsonString());
        var first = await _flex.OkAsync(_flex.PostAsync("/v1/prices", new JsonObject { ["price"] = fields.DeepClone() }.ToJsonString(), key));
        var stale = first["price"].GetProperty("price_id").GetString()!;
        await _flex.OkAsync(_flex.PostAsync($"/v1/prices/{stale}",
            $$$"""{"price": {"active": false, "description": null, "product": "{{{productId}}}", "unit_amount": null}}"""));
        var session = $$$"""{"checkout_session": {"success_url": "{{{SuccessUrl}}}", "line_items": [{"quantity": 2, "price": "{{{stale}}}"}], "mode": "payment"}}""";
        var refused = await _flex.PostAsync("/v1/checkout/sessions", session);
        Assert.Equal("price_not_found", refused["detail"][0].GetProperty("type").GetString());

        var existing = await _flex.OkAsync(_flex.GetAsync($"/v1/prices/{stale}"));
        var merged = FlexPluginClient.AsPhpArray(existing["price"], "price_id", "price");
        foreach (var (name, value) in fields) merged[name] = value?.DeepClone();
        var recreated = await _flex.OkAsync(_flex.PostAsync("/v1/prices", new JsonObject { ["price"] = merged }.ToJsonString(), key));

        Assert.False(recreated.Raw.Headers.Contains("Idempotent-Replayed"));
        var fresh = recreated["price"].GetProperty("price_id").GetString()!;
        Assert.NotEqual(stale, fresh);
        Assert.True(recreated["price"].GetProperty("active").GetBoolean());
        var retried = await _flex.OkAsync(_flex.PostAsync("/v1/checkout/sessions", session.Replace(stale, fresh)));
        Assert.Equal(3000, retried["checkout_session"].GetProperty("amount_total").GetInt64());
    }

    [Fact]
    public async Task Refund_WithLineItemsAndRefundMetadata_AnswersWithTheSession_AndTheRefundCarriesTheMetadata()
    {
        var shirt = await PriceAsync(await ProductAsync("Shirt"), 2500);
        var socks = await PriceAsync(await ProductAsync("Socks"), 1000);
        var paid = await Features.Refunds.Paid.SessionWithLinesAsync(_merchant, (shirt, 1), (socks, 1));

        var refunded = await _flex.OkAsync(_flex.PostAsync($"/v1/checkout/sessions/{paid.SessionId}/refund",
            $$$"""{"checkout_session": {"line_items": [{"price": "{{{shirt}}}", "amount_to_refund": 2500}], "refund_metadata": {"refund_id": "77"} } }"""));
        var session = refunded["checkout_session"];
        Assert.Equal(paid.SessionId, session.GetProperty("checkout_session_id").GetString());
        Assert.Equal(2500, session.GetProperty("amount_refunded").GetInt64());
        var refund = Assert.Single(await Features.Refunds.Paid.RefundsAsync(_merchant, $"&checkout_session={paid.SessionId}"));
        Assert.Equal("77", refund.GetProperty("metadata").GetProperty("refund_id").GetString());
        Assert.Equal("succeeded", refund.GetProperty("status").GetString());
    }

    /// <summary>Refund::from_wc for an amount-only refund of an order with shipping and tax: each line gets
    /// ceil(line / order × refund), then the whole remainder is added to the first line — more than that line's own total.</summary>
    [Fact]
    public async Task Refund_SpreadByThePluginOverLines_MayIncludeShippingAndTax()
    {
        var shirt = await PriceAsync(await ProductAsync("Shirt"), 2500);
        var socks = await PriceAsync(await ProductAsync("Socks"), 1000);
        var created = await _flex.OkAsync(_flex.PostAsync("/v1/checkout/sessions", $$$"""
            {"checkout_session": {"success_url": "{{{SuccessUrl}}}", "mode": "payment",
              "line_items": [{"quantity": 1, "price": "{{{shirt}}}"}, {"quantity": 1, "price": "{{{socks}}}"}],
              "shipping_options": {"shipping_rate_data": {"display_name": "Flat rate", "amount": 500}}, "tax_rate": {"amount": 280} } }
            """));
        var sessionId = created["checkout_session"].GetProperty("checkout_session_id").GetString()!;
        await Features.Refunds.Paid.PayAsync(_merchant, sessionId);

        var orderTotal = 2500 + 1000 + 500 + 280;
        var refunded = await _flex.OkAsync(_flex.PostAsync($"/v1/checkout/sessions/{sessionId}/refund", $$$"""
            {"checkout_session": {"line_items": [{"price": "{{{shirt}}}", "amount_to_refund": {{{2500 + 780}}}}, {"price": "{{{socks}}}", "amount_to_refund": 1000}],
              "refund_metadata": {"refund_id": "78"} } }
            """));
        Assert.Equal(orderTotal, refunded["checkout_session"].GetProperty("amount_refunded").GetInt64());

        var more = await _flex.PostAsync($"/v1/checkout/sessions/{sessionId}/refund",
            $$$"""{"checkout_session": {"line_items": [{"price": "{{{socks}}}", "amount_to_refund": 1}]}}""");
        Assert.Equal(400, more.Status);
    }

    [Fact]
    public async Task Webhook_RegisterUpdateRecreateAndDelete_WithJsonBodies()
    {
        const string url = "https://shop.example/wp-json/wc-flex/v1/test/webhooks";
        var created = await _flex.OkAsync(_flex.PostAsync("/v1/webhooks",
            $$$"""{"webhook": {"url": "{{{url}}}", "events": ["checkout.session.completed", "refund.updated"]}}"""));
        var webhook = created["webhook"];
        var webhookId = webhook.GetProperty("webhook_id").GetString()!;
        Assert.Equal(url, webhook.GetProperty("url").GetString());
        Assert.Equal(["checkout.session.completed", "refund.updated"], ApiAssert.Strings(webhook.GetProperty("events")));
        Assert.True(webhook.GetProperty("test_mode").GetBoolean());
        // Webhook::secret(): explode('_', secret)[1], base64-decoded strictly.
        var split = webhook.GetProperty("signing_secret").GetString()!.Split('_');
        Assert.Equal(2, split.Length);
        Assert.Equal(24, Convert.FromBase64String(split[1]).Length);

        var updated = await _flex.OkAsync(_flex.PostAsync($"/v1/webhooks/{webhookId}",
            $$$"""{"webhook": {"url": "{{{url}}}?v=2", "events": ["checkout.session.completed", "refund.updated"]}}"""));
        Assert.Equal(url + "?v=2", updated["webhook"].GetProperty("url").GetString());

        // Re-creation: GET, unset webhook_id and signing_secret, merge {url, events}, POST.
        var existing = await _flex.OkAsync(_flex.GetAsync($"/v1/webhooks/{webhookId}"));
        var body = FlexPluginClient.AsPhpArray(existing["webhook"], "webhook_id", "signing_secret");
        body["url"] = url;
        var recreated = await _flex.OkAsync(_flex.PostAsync("/v1/webhooks", new JsonObject { ["webhook"] = body }.ToJsonString()));
        Assert.NotEqual(webhookId, recreated["webhook"].GetProperty("webhook_id").GetString());
        Assert.StartsWith("fwhsec_", recreated["webhook"].GetProperty("signing_secret").GetString());

        // DELETE with the JSON body, expecting a non-empty 2xx JSON answer.
        var deleted = await _flex.OkAsync(_flex.DeleteAsync($"/v1/webhooks/{webhookId}",
            $$$"""{"webhook": {"url": "{{{url}}}", "events": ["checkout.session.completed", "refund.updated"]}}"""));
        Assert.Equal(webhookId, deleted["webhook"].GetProperty("webhook_id").GetString());
        Assert.Equal(404, (await _flex.GetAsync($"/v1/webhooks/{webhookId}")).Status);
        var again = await _flex.DeleteAsync($"/v1/webhooks/{webhookId}", "{}");
        Assert.Equal(404, again.Status); // the plugin treats a 404 on DELETE as already gone
    }
}

public sealed class WooCommercePluginWireTestsOnSqlite() : WooCommercePluginWireTests(DatabaseProvider.Sqlite);
public sealed class WooCommercePluginWireTestsOnPostgres() : WooCommercePluginWireTests(DatabaseProvider.Postgres);
