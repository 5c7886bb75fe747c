using System.Net;
using System.Text.Json;

namespace OpenCheckout.Server.Tests.Hardening;

/// <summary>What a session copies and how large answers get (issue 18, defect 1; contract section 6): a line item snapshots
/// a price's description cut to 500 characters and not its metadata, text is stored as UTF-8, a session object stays
/// under 256 KB (or is refused), and a list page never passes 4 MB however many objects it was asked for.</summary>
public abstract class SizeLimitTests(DatabaseProvider provider) : IAsyncLifetime
{
    const int MaxSessionBytes = 256 * 1024;
    const int MaxPageBytes = 4 * 1024 * 1024;
    readonly TestApp _app = new(provider);
    TestMerchant _merchant = null!;

    public async Task InitializeAsync() => _merchant = await _app.CreateMerchantAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    static Dictionary<string, string> Metadata(char fill) =>
        Enumerable.Range(0, 50).ToDictionary(i => $"{i:00}".PadRight(40, 'k'), _ => new string(fill, 500));

    /// <summary>A price at the catalog's maxima: a 250-character product name, a 5,000-character description, 50 metadata
    /// entries of 500 characters; in <paramref name="letter"/>, so non-ASCII text can be tried too.</summary>
    async Task<string> MaximalPriceAsync(char letter)
    {
        using var api = _merchant.Api();
        var product = await api.PostAsync("/v1/products", Json.Body(JsonSerializer.Serialize(new
        {
            name = new string(letter, 250), description = new string(letter, 5000), metadata = Metadata(letter),
        })));
        Assert.Equal(HttpStatusCode.OK, product.StatusCode);
        var productId = (await product.ReadJsonAsync()).GetProperty("product").GetProperty("product_id").GetString();
        var price = await api.PostAsync("/v1/prices", Json.Body(JsonSerializer.Serialize(new
        {
            product = productId, unit_amount = 100, description = new string(letter, 5000), metadata = Metadata(letter),
        })));
        Assert.Equal(HttpStatusCode.OK, price.StatusCode);
        return (await price.ReadJsonAsync()).GetProperty("price").GetProperty("price_id").GetString()!;
    }

    async Task<HttpResponseMessage> MaximalSessionAsync(string priceId, char letter)
    {
        using var api = _merchant.Api();
        return await api.PostAsync("/v1/checkout/sessions", Json.Body(JsonSerializer.Serialize(new
        {
            success_url = "https://shop.example/ok?id={CHECKOUT_SESSION_ID}",
            line_items = Enumerable.Repeat(new { price = priceId, quantity = 1 }, 100),
            metadata = Metadata(letter),
            client_reference_id = new string('r', 200),
        })));
    }

    [Fact]
    public async Task SessionAtTheMaxima_SnapshotsShortDescriptionsWithoutMetadata_AndStaysUnder256KB()
    {
        var price = await MaximalPriceAsync('a');

        var created = await MaximalSessionAsync(price, 'a');

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var id = (await created.ReadJsonAsync()).GetProperty("checkout_session").Id();
        using var api = _merchant.Api();
        var body = await api.GetByteArrayAsync($"/v1/checkout/sessions/{id}");
        Assert.True(body.Length < MaxSessionBytes, $"{body.Length} bytes");
        var line = JsonDocument.Parse(body).RootElement.GetProperty("checkout_session").GetProperty("line_items")[0];
        Assert.Equal(500, line.GetProperty("price").GetProperty("description").GetString()!.Length);
        Assert.Empty(line.GetProperty("price").GetProperty("metadata").EnumerateObject());
        Assert.Equal(250, line.GetProperty("description").GetString()!.Length);
        // The price itself keeps all of it.
        var stored = (await (await api.GetAsync($"/v1/prices/{price}")).ReadJsonAsync()).GetProperty("price");
        Assert.Equal(5000, stored.GetProperty("description").GetString()!.Length);
        Assert.Equal(50, stored.GetProperty("metadata").EnumerateObject().Count());
    }

    [Fact]
    public async Task NonAsciiText_IsStoredAndAnsweredAsUtf8_NotAsEscapes()
    {
        using var api = _merchant.Api();
        var product = await api.PostAsync("/v1/products", Json.Body("""{"name":"日本語のTシャツ"}"""));
        var productId = (await product.ReadJsonAsync()).GetProperty("product").GetProperty("product_id").GetString();
        var price = await api.PostAsync("/v1/prices", Json.Body($$"""{"product":"{{productId}}","unit_amount":1000,"description":"Größe M"}"""));
        var priceId = (await price.ReadJsonAsync()).GetProperty("price").GetProperty("price_id").GetString()!;

        var created = await api.PostAsync("/v1/checkout/sessions", Json.Body($$$"""
            {"success_url":"https://shop.example/ok","line_items":[{"price":"{{{priceId}}}","quantity":1}],"metadata":{"注文":"番号 42"}}
            """));

        var answer = await created.Content.ReadAsStringAsync();
        Assert.Contains("日本語のTシャツ", answer);
        Assert.Contains("\"注文\":\"番号 42\"", answer);
        var id = JsonDocument.Parse(answer).RootElement.GetProperty("checkout_session").Id();
        var lineItems = (string)(await _app.Database.ScalarAsync($"""SELECT "LineItems" FROM "CheckoutSessions" WHERE "Id" = '{id}'"""))!;
        var metadata = (string)(await _app.Database.ScalarAsync($"""SELECT "Metadata" FROM "CheckoutSessions" WHERE "Id" = '{id}'"""))!;
        Assert.Contains("日本語のTシャツ", lineItems);
        Assert.Contains("Größe M", lineItems);
        Assert.Contains("注文", metadata);
        Assert.DoesNotContain("\\u", lineItems + metadata);
    }

    [Fact]
    public async Task SessionThatWouldPass256KB_Is400SessionTooLarge_AndStoresNothing()
    {
        // Three bytes a character in UTF-8: the same maxima in Japanese text make a session of about 290 KB.
        var price = await MaximalPriceAsync('語');

        var refused = await MaximalSessionAsync(price, '語');

        await ApiAssert.ErrorAsync(refused, HttpStatusCode.BadRequest, "invalid_request_error", "session_too_large");
        Assert.Empty(await _merchant.SessionsAsync());
    }

    [Fact]
    public async Task ListPage_NeverPasses4MB_AndPagingGoesOnWhereItEnded()
    {
        var price = await MaximalPriceAsync('a');
        var created = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            var response = await MaximalSessionAsync(price, 'a');
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            created.Add((await response.ReadJsonAsync()).GetProperty("checkout_session").Id());
            // Paid, so that each has a checkout.session.completed event carrying the whole session.
            Assert.Equal(HttpStatusCode.OK, (await _merchant.PayWithTestHelperAsync(created[^1])).StatusCode);
        }

        using var api = _merchant.Api();
        var seen = new List<string>();
        var pages = new List<int>();
        string? after = null;
        while (true)
        {
            var body = await api.GetByteArrayAsync("/v1/checkout/sessions?limit=100" + (after is null ? "" : $"&starting_after={after}"));
            Assert.True(body.Length <= MaxPageBytes, $"{body.Length} bytes");
            var page = JsonDocument.Parse(body).RootElement;
            var ids = page.GetProperty("checkout_sessions").EnumerateArray().Select(s => s.Id()).ToList();
            Assert.NotEmpty(ids);
            seen.AddRange(ids);
            pages.Add(ids.Count);
            if (!page.GetProperty("has_more").GetBoolean()) break;
            after = ids[^1];
        }

        Assert.True(pages.Count > 1, $"one page of {pages[0]}");
        Assert.Equal(created.Order(), seen.Order());

        var events = await api.GetByteArrayAsync("/v1/events?limit=100&type=checkout.session.completed");
        Assert.True(events.Length <= MaxPageBytes, $"{events.Length} bytes");
        var eventPage = JsonDocument.Parse(events).RootElement;
        Assert.True(eventPage.GetProperty("has_more").GetBoolean());
        Assert.InRange(eventPage.GetProperty("events").GetArrayLength(), 1, 29);
    }
}

public sealed class SizeLimitTestsOnSqlite() : SizeLimitTests(DatabaseProvider.Sqlite);
public sealed class SizeLimitTestsOnPostgres() : SizeLimitTests(DatabaseProvider.Postgres);
