using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenCheckout.Server.Tests.Docs;

/// <summary>The request schemas of the served OpenAPI document name only fields the server reads: the server parses bodies
/// field by field (for its precise errors), the document describes them with the SDK's request records, and this keeps the
/// two from drifting. Every property of every request body is sent alone, to an object that exists; the server must not
/// call it unknown.</summary>
public sealed class OpenApiRequestSchemaTests : IAsyncLifetime
{
    readonly TestApp _app = new();
    TestMerchant _merchant = null!;
    readonly Dictionary<string, string> _ids = [];

    public async Task InitializeAsync()
    {
        _merchant = await _app.CreateMerchantAsync();
        using var api = _merchant.Api();
        var priceId = await _merchant.CreatePriceAsync(5000);
        var session = (await _merchant.CreateSessionAsync(priceId)).GetProperty("id").GetString()!;
        Assert.Equal(200, (int)(await _merchant.PayWithTestHelperAsync(session)).StatusCode);
        var paid = await _merchant.GetSessionAsync(session);
        var refund = await (await api.PostAsync("/v1/refunds", Json.Body(
            $$"""{"payment_intent_id":"{{paid.GetProperty("payment_intent").GetString()}}","amount":100}"""))).ReadJsonAsync();
        var webhook = await (await api.PostAsync("/v1/webhooks", Json.Body("""{"url":"http://127.0.0.1:9/hook","events":["*"]}"""))).ReadJsonAsync();
        var events = await api.ListAsync("/v1/events?limit=1", "events");
        _ids["/v1/products/{id}"] = (await api.ListAsync("/v1/products", "products"))[0].GetProperty("product_id").GetString()!;
        _ids["/v1/prices/{id}"] = priceId;
        _ids["/v1/refunds/{id}"] = refund.GetProperty("refund").GetProperty("refund_id").GetString()!;
        _ids["/v1/webhooks/{id}"] = webhook.GetProperty("webhook").GetProperty("webhook_id").GetString()!;
        _ids["/v1/events/{id}/retry"] = events[0].GetProperty("event_id").GetString()!;
        var coupon = await (await api.PostAsync("/v1/coupons", Json.Body("""{"amount_off":100}"""))).ReadJsonAsync();
        var promo = await (await api.PostAsync("/v1/promo_codes", Json.Body($$"""{"coupon_id":"{{coupon.GetProperty("coupon").GetProperty("coupon_id").GetString()}}","code":"SCHEMA"}"""))).ReadJsonAsync();
        _ids["/v1/promo_codes/{id}"] = promo.GetProperty("promo_code").GetProperty("promo_code_id").GetString()!;
        _ids["/v1/customers/{id}"] = (await api.ListAsync("/v1/customers", "customers"))[0].GetProperty("customer_id").GetString()!;
        var link = await (await api.PostAsync("/v1/payment_links", Json.Body($$"""{"line_items":[{"price":"{{priceId}}","quantity":1}]}"""))).ReadJsonAsync();
        _ids["/v1/payment_links/{id}"] = link.GetProperty("payment_link").GetProperty("payment_link_id").GetString()!;
        var manual = await (await api.PostAsync("/v1/checkout/sessions", Json.Body($$"""
            {"success_url":"https://shop.example/ok","capture_method":"manual","line_items":[{"price":"{{priceId}}","quantity":1}]}
            """))).ReadJsonAsync();
        var manualId = manual.GetProperty("checkout_session").GetProperty("id").GetString()!;
        Assert.Equal(200, (int)(await _merchant.PayWithTestHelperAsync(manualId)).StatusCode);
        Assert.Equal(200, (int)(await api.PostAsync($"/v1/checkout/sessions/{manualId}/capture", null)).StatusCode);
        _ids["/v1/captures/{id}"] = (await api.ListAsync("/v1/captures", "captures"))[0].GetProperty("capture_id").GetString()!;
        var disputed = (await _merchant.CreateSessionAsync(priceId)).GetProperty("id").GetString()!;
        Assert.Equal(200, (int)(await _merchant.PayWithTestHelperAsync(disputed, "4000000000000259")).StatusCode);
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        await _app.OpenDueDisputesAsync();
        _ids["/v1/disputes/{id}"] = (await api.ListAsync("/v1/disputes", "disputes"))[0].GetProperty("dispute_id").GetString()!;
        // Session routes read their body before they look the session up; an open one serves them all.
        _ids["sessions"] = (await _merchant.CreateSessionAsync(priceId)).GetProperty("id").GetString()!;
        // A subscription update reads its body before it looks the subscription up, as session routes do.
        _ids["/v1/subscriptions/{id}"] = "fsub_01HW6FC7ZYWNW4XFSE1KMD8JDW";
        var testClock = await (await api.PostAsync("/v1/test_helpers/test_clocks", Json.Body("""{"frozen_time":1700000000}"""))).ReadJsonAsync();
        _ids["/v1/test_helpers/test_clocks/{id}/advance"] = testClock.GetProperty("test_clock").GetProperty("test_clock_id").GetString()!;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task EveryDocumentedRequestProperty_IsAFieldTheServerReads()
    {
        using var http = _app.Http();
        var document = JsonNode.Parse(await http.GetStringAsync("/openapi/v1.json"))!;
        var schemas = document["components"]!["schemas"]!;
        using var api = _merchant.Api();
        var checkedProperties = 0;
        var unknown = new List<string>();
        foreach (var (path, operations) in document["paths"]!.AsObject())
        foreach (var (method, operation) in operations!.AsObject())
        {
            if (operation!["requestBody"]?["content"]?["application/json"]?["schema"]?["$ref"]?.GetValue<string>() is not { } reference) continue;
            var schema = schemas[reference.Split('/').Last()]!;
            foreach (var (property, propertySchema) in schema["properties"]!.AsObject())
            {
                var body = new JsonObject { [property] = SampleOf(propertySchema!) }.ToJsonString();
                using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), PathWithId(path)) { Content = Json.Body(body) };
                var answer = await api.SendAsync(request);
                checkedProperties++;
                if (answer.IsSuccessStatusCode) continue;
                var error = await answer.ReadJsonAsync();
                Assert.True(error.TryGetProperty("detail", out var details), $"{method} {path} {body}: {error}");
                if (details.EnumerateArray().Any(d => d.GetProperty("type").GetString() == "parameter_unknown"))
                    unknown.Add($"{method.ToUpperInvariant()} {path}: {property}");
            }
        }
        Assert.Empty(unknown);
        Assert.True(checkedProperties >= 100, $"Only {checkedProperties} request properties were documented.");
    }

    string PathWithId(string path) => path.Contains("{id}")
        ? path.Replace("{id}", _ids.GetValueOrDefault(path) ?? (path.Contains("sessions") ? _ids["sessions"] : throw new InvalidOperationException($"No id for {path}")))
        : path;

    /// <summary>A value of the property's type, so the field is read (a value of the wrong type is reported by name too,
    /// but a type mismatch must not hide an unknown name).</summary>
    static JsonNode? SampleOf(JsonNode schema)
    {
        var type = schema["type"] switch
        {
            JsonArray types => types.Select(t => t!.GetValue<string>()).First(t => t != "null"),
            JsonValue single => single.GetValue<string>(),
            _ => "object", // a $ref or oneOf: an object
        };
        if (schema["enum"] is JsonArray values && values.FirstOrDefault(v => v is not null) is { } first) return first.DeepClone();
        return type switch
        {
            "string" => "x",
            "integer" => 1,
            "number" => 1,
            "boolean" => true,
            "array" => new JsonArray(),
            _ => new JsonObject(),
        };
    }
}
