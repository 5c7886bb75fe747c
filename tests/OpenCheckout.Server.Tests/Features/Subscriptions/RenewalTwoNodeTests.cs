using System.Net;
using System.Text.Json;
using OpenCheckout.Testing;

namespace OpenCheckout.Server.Tests.Features.Subscriptions;

/// <summary>Two nodes on one PostgreSQL database renewing the same subscriptions at once, each sweeping twice in parallel: every
/// period is invoiced once and every invoice attempted once per due time, whichever node wins each.</summary>
public sealed class RenewalTwoNodeTests : IAsyncLifetime
{
    const int Subscriptions = 16;
    readonly TestDatabase _database = TestApp.NewDatabase(DatabaseProvider.Postgres);
    TestApp _a = null!, _b = null!;
    TestMerchant _merchant = null!;

    public async Task InitializeAsync()
    {
        _a = new TestApp(_database, settings: new Dictionary<string, string?> { ["OpenCheckout:Node:Name"] = "node-a" });
        _b = new TestApp(_database, settings: new Dictionary<string, string?> { ["OpenCheckout:Node:Name"] = "node-b" });
        _merchant = await _a.CreateMerchantAsync("Two-node renewals");
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _database.DropAsync();
    }

    [Fact]
    public async Task TwoNodesRenewingAtOnce_InvoiceEachPeriodOnce_AndChargeEachAttemptOnce()
    {
        using var api = _merchant.Api();
        var product = (await (await api.PostJsonAsync("/v1/products", """{"product": {"name": "Plan"} }""")).ReadJsonAsync())
            .GetProperty("product").GetProperty("product_id").GetString();
        var price = (await (await api.PostJsonAsync("/v1/prices",
                $$"""{"price": {"product": "{{product}}", "unit_amount": 900, "recurring": {"interval": "monthly"} } }""")).ReadJsonAsync())
            .GetProperty("price").GetProperty("price_id").GetString();
        var ids = new List<string>();
        for (var i = 0; i < Subscriptions; i++)
        {
            var session = (await (await api.PostJsonAsync("/v1/checkout/sessions", $$"""
                {"checkout_session": {"mode": "subscription", "success_url": "https://shop.example/ok", "line_items": [{"price": "{{price}}", "quantity": 1}]} }
                """)).ReadJsonAsync()).GetProperty("checkout_session");
            // Every other one attaches a card that declines off-session.
            var paid = await (await _merchant.PayWithTestHelperAsync(session.Id(), i % 2 == 0 ? "4242424242424242" : "4000000000000341")).ReadJsonAsync();
            ids.Add(paid.GetProperty("checkout_session").GetProperty("subscription").GetString()!);
        }

        foreach (var app in new[] { _a, _b }) app.Clock.Advance(TimeSpan.FromDays(32));
        await RaceAsync();
        foreach (var app in new[] { _a, _b }) app.Clock.Advance(TimeSpan.FromDays(1)); // the first retry of the declined ones
        await RaceAsync();

        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            var invoices = (await (await api.GetAsync($"/v1/invoices?subscription={id}")).ReadJsonAsync()).GetProperty("invoices");
            Assert.Equal(2, invoices.GetArrayLength());
            var renewal = invoices[0];
            Assert.Equal(i % 2 == 0 ? ("paid", 1) : ("open", 2),
                (renewal.GetProperty("status").GetString(), renewal.GetProperty("attempt_count").GetInt32()));
        }
        Assert.Equal(Subscriptions, await CountAsync("invoice.created") - Subscriptions);
        Assert.Equal(Subscriptions / 2, await CountAsync("invoice.payment_succeeded") - Subscriptions);
        Assert.Equal(Subscriptions, await CountAsync("invoice.payment_failed"));
        Assert.Equal(Subscriptions / 2 * 2, await CountAsync("charge.failed"));
    }

    /// <summary>Both nodes sweep, twice each, at once.</summary>
    async Task RaceAsync() =>
        await Task.WhenAll(new[] { _a, _b, _a, _b }.Select(app => Task.Run(app.RenewDueAsync)));

    async Task<int> CountAsync(string type)
    {
        using var api = _merchant.Api();
        var count = 0;
        string? after = null;
        while (true)
        {
            var page = await (await api.GetAsync($"/v1/events?type={type}&limit=100{(after is null ? "" : $"&starting_after={after}")}")).ReadJsonAsync();
            var events = page.GetProperty("events").EnumerateArray().ToList();
            count += events.Count;
            if (!page.GetProperty("has_more").GetBoolean() || events.Count == 0) return count;
            after = events[^1].GetProperty("event_id").GetString();
        }
    }
}
