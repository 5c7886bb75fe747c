using System.Diagnostics;
using System.Text.Json;

namespace OpenCheckout.Server.Tests.Compatibility;

/// <summary>Real deliveries to a port of the plugin's webhook controller, verified the way the plugin verifies them.</summary>
public abstract class SignedDeliveryTests(DatabaseProvider provider) : IAsyncLifetime
{
    readonly TestApp _app = new(provider);
    TestMerchant _merchant = null!;
    FlexPluginClient _flex = null!;
    FlexPluginReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _merchant = await _app.CreateMerchantAsync();
        _flex = new FlexPluginClient(_app, _merchant.TestKey);
        _receiver = await FlexPluginReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        _flex.Dispose();
        await _receiver.DisposeAsync();
        await _app.DisposeAsync();
    }

    async Task<string> RegisterAsync()
    {
        var created = await _flex.OkAsync(_flex.PostAsync("/v1/webhooks",
            $$$"""{"webhook": {"url": "{{{_receiver.Url}}}", "events": ["checkout.session.completed", "refund.updated"]}}"""));
        _receiver.SigningSecret = created["webhook"].GetProperty("signing_secret").GetString();
        return created["webhook"].GetProperty("webhook_id").GetString()!;
    }

    async Task<(string SessionId, string PriceId)> PaidSessionAsync()
    {
        var priceId = await _merchant.CreatePriceAsync(2500);
        var created = await _flex.OkAsync(_flex.PostAsync("/v1/checkout/sessions", $$$"""
            {"checkout_session": {"defaults": {"email": "", "first_name": "", "last_name": "", "phone": ""},
              "success_url": "https://shop.example/wp-json/wc-flex/v1/orders/42/complete?_wpnonce=n0nce",
              "line_items": [{"quantity": 1, "price": "{{{priceId}}}"}], "client_reference_id": "42", "mode": "payment",
              "cancel_url": "https://shop.example/checkout/",
              "shipping_options": {"shipping_rate_data": {"display_name": "Flat rate", "amount": 500}}, "tax_rate": {"amount": 200} } }
            """));
        var sessionId = created["checkout_session"].GetProperty("checkout_session_id").GetString()!;
        await Features.Refunds.Paid.PayAsync(_merchant, sessionId);
        return (sessionId, priceId);
    }

    async Task<List<FlexPluginReceiver.Received>> WaitForAsync(params string[] eventTypes)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            var received = _receiver.Deliveries.ToList();
            if (eventTypes.All(t => received.Any(r => r.EventType == t))) return received;
            await Task.Delay(50);
        }
        throw new TimeoutException($"Not delivered: {string.Join(", ", eventTypes)}; got {string.Join(", ", _receiver.Deliveries.Select(d => $"{d.EventType}/{d.Status}"))}");
    }

    [Fact]
    public async Task Deliveries_PassThePluginsSignatureCheck_CarryWhatItReads_AndOnlySubscribedTypesArrive()
    {
        var webhookId = await RegisterAsync();
        var (sessionId, priceId) = await PaidSessionAsync();
        await _flex.OkAsync(_flex.PostAsync($"/v1/checkout/sessions/{sessionId}/refund",
            $$$"""{"checkout_session": {"line_items": [{"price": "{{{priceId}}}", "amount_to_refund": 3200}], "refund_metadata": {"refund_id": "9001"} } }"""));

        var received = await WaitForAsync("checkout.session.completed", "refund.updated");
        Assert.All(received, r => Assert.Equal(200, r.Status)); // signature verified, type handled: never a 401 or 422
        Assert.All(received, r => Assert.Contains(r.EventType, new[] { "checkout.session.completed", "refund.updated" }));

        var completed = received.Single(r => r.EventType == "checkout.session.completed").Body!.Value;
        var session = completed.GetProperty("object").GetProperty("checkout_session");
        Assert.Equal(sessionId, session.GetProperty("checkout_session_id").GetString());
        Assert.Equal("https://shop.example/wp-json/wc-flex/v1/orders/42/complete?_wpnonce=n0nce", session.GetProperty("success_url").GetString());
        Assert.Equal("42", session.GetProperty("client_reference_id").GetString());
        Assert.Equal(3200, session.GetProperty("amount_total").GetInt64());
        Assert.Equal("complete", session.GetProperty("status").GetString());
        Assert.StartsWith("fevt_", completed.GetProperty("event_id").GetString());

        var refund = received.Single(r => r.EventType == "refund.updated").Body!.Value.GetProperty("object").GetProperty("refund");
        Assert.StartsWith("fre_", refund.GetProperty("refund_id").GetString());
        Assert.Equal("succeeded", refund.GetProperty("status").GetString());
        Assert.Equal("9001", refund.GetProperty("metadata").GetProperty("refund_id").GetString());

        // The server's own log agrees: every attempt to this endpoint was a 2xx.
        var attempts = await _flex.OkAsync(_flex.GetAsync($"/v1/webhooks/{webhookId}/deliveries"));
        Assert.All(attempts["deliveries"].EnumerateArray(), a => Assert.True(a.GetProperty("succeeded").GetBoolean()));
    }

    [Fact]
    public async Task Deliveries_VerifyWithTheSvixHeaders_AndFailUnderAnotherSecret()
    {
        await RegisterAsync();
        _receiver.UseSvixHeaders = true;
        var (first, _) = await PaidSessionAsync();
        var verified = await WaitForAsync("checkout.session.completed");
        Assert.Equal(200, Assert.Single(verified).Status);
        Assert.Equal("svix-", verified[0].HeaderFamily);
        Assert.Equal(first, verified[0].Body!.Value.GetProperty("object").GetProperty("checkout_session").GetProperty("checkout_session_id").GetString());

        _receiver.SigningSecret = OpenCheckout.Webhooks.WebhookSignature.NewSecret();
        _receiver.UseSvixHeaders = false;
        await PaidSessionAsync();
        var clock = Stopwatch.StartNew();
        while (_receiver.Deliveries.Count < 2 && clock.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(50);
        Assert.Equal(401, _receiver.Deliveries.Last().Status);
    }
}

public sealed class SignedDeliveryTestsOnSqlite() : SignedDeliveryTests(DatabaseProvider.Sqlite);
public sealed class SignedDeliveryTestsOnPostgres() : SignedDeliveryTests(DatabaseProvider.Postgres);
