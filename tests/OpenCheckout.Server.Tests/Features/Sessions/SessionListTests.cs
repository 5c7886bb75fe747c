using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Features.Sessions;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Tests.Features.Sessions;

/// <summary>Contract section 2 lists on GET /v1/checkout/sessions (cursors, limit, filters) and a session's line items.</summary>
public abstract class SessionListTests(DatabaseProvider provider) : IAsyncLifetime
{
    readonly TestApp _app = new(provider);
    TestMerchant _merchant = null!;
    string _price = null!;

    public async Task InitializeAsync()
    {
        _merchant = await _app.CreateMerchantAsync("Acme Shop");
        _price = await _merchant.CreatePriceAsync(2000);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>Creates sessions one second apart; returns their ids oldest first.</summary>
    async Task<List<string>> CreateSessionsAsync(int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            ids.Add((await _merchant.CreateSessionAsync(_price)).Id());
            _app.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        return ids;
    }

    async Task<string> CreateSessionAsync(string extraFields)
    {
        using var api = _merchant.Api();
        var response = await api.PostJsonAsync("/v1/checkout/sessions",
            $$"""{"success_url":"https://shop.example/ok","line_items":[{"price":"{{_price}}","quantity":1}]{{extraFields}}}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("checkout_session").Id();
    }

    [Fact]
    public async Task List_PagedForwardWithStartingAfter_ReturnsAllNewestFirstWithoutDuplicates()
    {
        var created = await CreateSessionsAsync(25);
        var newestFirst = Enumerable.Reverse(created).ToList();

        var page1 = await _merchant.SessionPageAsync("?limit=10");
        var page2 = await _merchant.SessionPageAsync($"?limit=10&starting_after={page1.Ids[^1]}");
        var page3 = await _merchant.SessionPageAsync($"?limit=10&starting_after={page2.Ids[^1]}");

        Assert.Equal(newestFirst[..10], page1.Ids);
        Assert.True(page1.HasMore);
        Assert.Equal(newestFirst[10..20], page2.Ids);
        Assert.True(page2.HasMore);
        Assert.Equal(newestFirst[20..], page3.Ids);
        Assert.False(page3.HasMore);
        var all = page1.Ids.Concat(page2.Ids).Concat(page3.Ids).ToList();
        Assert.Equal(25, all.Distinct().Count());
    }

    [Fact]
    public async Task List_PagedBackwardWithEndingBefore_ReturnsNewerPagesNewestFirst()
    {
        var created = await CreateSessionsAsync(25);
        var newestFirst = Enumerable.Reverse(created).ToList();

        var back1 = await _merchant.SessionPageAsync($"?limit=10&ending_before={newestFirst[20]}");
        var back2 = await _merchant.SessionPageAsync($"?limit=10&ending_before={back1.Ids[0]}");

        Assert.Equal(newestFirst[10..20], back1.Ids);
        Assert.True(back1.HasMore);
        Assert.Equal(newestFirst[..10], back2.Ids);
        Assert.False(back2.HasMore);
    }

    [Fact]
    public async Task List_PagesAreNewestFirstByCreated()
    {
        await CreateSessionsAsync(5);
        using var api = _merchant.Api();

        var sessions = await api.ListAsync("/v1/checkout/sessions", "checkout_sessions");

        var created = sessions.Select(s => s.GetProperty("created").GetInt64()).ToList();
        Assert.Equal(created.OrderByDescending(c => c), created);
        Assert.Equal(5, created.Distinct().Count());
    }

    [Fact]
    public async Task List_WithoutLimit_ReturnsTenAndHasMore()
    {
        await CreateSessionsAsync(11);

        var page = await _merchant.SessionPageAsync("");

        Assert.Equal(10, page.Ids.Count);
        Assert.True(page.HasMore);
    }

    [Fact]
    public async Task List_WithExactlyLimitItems_HasNoMore()
    {
        await CreateSessionsAsync(3);

        var page = await _merchant.SessionPageAsync("?limit=3");

        Assert.Equal(3, page.Ids.Count);
        Assert.False(page.HasMore);
    }

    [Fact]
    public async Task List_WhenEmpty_ReturnsEmptyListWithoutMore()
    {
        var page = await _merchant.SessionPageAsync("?limit=100");

        Assert.Empty(page.Ids);
        Assert.False(page.HasMore);
    }

    [Fact]
    public async Task List_WithOffset_SkipsThatMany()
    {
        var created = await CreateSessionsAsync(6);
        var newestFirst = Enumerable.Reverse(created).ToList();

        var page = await _merchant.SessionPageAsync("?limit=2&offset=3");

        Assert.Equal(newestFirst[3..5], page.Ids);
        Assert.True(page.HasMore);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("-1")]
    [InlineData("ten")]
    [InlineData("")]
    public async Task List_WithLimitOutOfRange_Returns400NamingLimit(string limit)
    {
        using var api = _merchant.Api();

        var response = await api.GetAsync($"/v1/checkout/sessions?limit={limit}");

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "parameter_invalid_integer", "limit");
    }

    [Theory]
    [InlineData("/v1/products")]
    [InlineData("/v1/prices")]
    [InlineData("/v1/payment_intents")]
    [InlineData("/v1/customers")]
    [InlineData("/v1/checkout/sessions/fcs_01JZZZZZZZZZZZZZZZZZZZZZZZ/line_items")]
    public async Task OtherLists_WithLimitOutOfRange_Return400NamingLimit(string path)
    {
        using var api = _merchant.Api();

        var response = await api.GetAsync($"{path}?limit=101");

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "parameter_invalid_integer", "limit");
    }

    [Fact]
    public async Task List_WithStartingAfterAndEndingBefore_Returns400()
    {
        var created = await CreateSessionsAsync(2);
        using var api = _merchant.Api();

        var response = await api.GetAsync($"/v1/checkout/sessions?starting_after={created[1]}&ending_before={created[0]}");

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "parameter_conflict", "ending_before");
    }

    [Fact]
    public async Task List_FilteredByClientReferenceId_ReturnsOnlyMatches()
    {
        var mine = await CreateSessionAsync(""","client_reference_id":"cart-42" """);
        await CreateSessionAsync(""","client_reference_id":"cart-43" """);
        await CreateSessionAsync("");

        var page = await _merchant.SessionPageAsync("?client_reference_id=cart-42");

        Assert.Equal([mine], page.Ids);
        Assert.Empty((await _merchant.SessionPageAsync("?client_reference_id=cart-44")).Ids);
    }

    /// <summary>A created bound is also an id bound (ids begin with their creation time, to the millisecond): the last
    /// millisecond of a second is still in created[lte] of that second, the first of the next is not.</summary>
    [Fact]
    public async Task List_FilteredByCreated_SplitsAtTheSecondToTheMillisecond()
    {
        var second = TestApp.Start.ToUnixTimeSeconds() + 10;
        _app.Clock.SetUtcNow(DateTimeOffset.FromUnixTimeSeconds(second).AddMilliseconds(999));
        var lastOfSecond = await CreateSessionAsync("");
        _app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var firstOfNext = await CreateSessionAsync("");

        Assert.Equal([lastOfSecond], (await _merchant.SessionPageAsync($"?created[lte]={second}")).Ids);
        Assert.Equal([firstOfNext], (await _merchant.SessionPageAsync($"?created[gte]={second + 1}")).Ids);
        Assert.Equal([lastOfSecond], (await _merchant.SessionPageAsync($"?created[gte]={second}&created[lte]={second}")).Ids);
    }

    [Fact]
    public async Task List_FilteredByCreatedRange_IncludesBothBounds()
    {
        var created = await CreateSessionsAsync(5);
        var start = TestApp.Start.ToUnixTimeSeconds();

        var range = await _merchant.SessionPageAsync($"?created[gte]={start + 1}&created[lte]={start + 3}");
        var from = await _merchant.SessionPageAsync($"?created[gte]={start + 3}");
        var to = await _merchant.SessionPageAsync($"?created[lte]={start + 1}");

        Assert.Equal([created[3], created[2], created[1]], range.Ids);
        Assert.Equal([created[4], created[3]], from.Ids);
        Assert.Equal([created[1], created[0]], to.Ids);
    }

    [Fact]
    public async Task List_FilteredByCreatedWithEncodedBrackets_Works()
    {
        var created = await CreateSessionsAsync(3);
        var start = TestApp.Start.ToUnixTimeSeconds();

        var page = await _merchant.SessionPageAsync($"?created%5Bgte%5D={start + 1}&created%5Blte%5D={start + 1}");

        Assert.Equal([created[1]], page.Ids);
    }

    [Fact]
    public async Task List_FilterCombinedWithCursor_PagesWithinTheFilter()
    {
        var tagged = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            tagged.Add(await CreateSessionAsync(""","client_reference_id":"vip" """));
            await CreateSessionAsync("");
            _app.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var first = await _merchant.SessionPageAsync("?client_reference_id=vip&limit=3");
        var second = await _merchant.SessionPageAsync($"?client_reference_id=vip&limit=3&starting_after={first.Ids[^1]}");

        Assert.Equal(Enumerable.Reverse(tagged).ToList(), first.Ids.Concat(second.Ids).ToList());
        Assert.True(first.HasMore);
        Assert.False(second.HasMore);
    }

    [Theory]
    [InlineData("created[gte]", "yesterday")]
    [InlineData("created[lte]", "-5")]
    public async Task List_WithBadCreatedFilter_Returns400NamingIt(string name, string value)
    {
        using var api = _merchant.Api();

        var response = await api.GetAsync($"/v1/checkout/sessions?{name}={value}");

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "parameter_invalid_integer", name);
    }

    [Fact]
    public async Task LineItems_OfSession_ListsEachLineWithItsPriceAndAmounts()
    {
        var mug = await _merchant.CreatePriceAsync(750, productName: "Mug");
        using var api = _merchant.Api();
        var created = await api.PostJsonAsync("/v1/checkout/sessions", $$"""
            {"success_url":"https://shop.example/ok","line_items":[{"price":"{{_price}}","quantity":2},{"price_id":"{{mug}}","quantity":3}]}
            """);
        var sessionId = (await created.ReadJsonAsync()).GetProperty("checkout_session").Id();

        var response = await api.GetAsync($"/v1/checkout/sessions/{sessionId}/line_items");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.False(body.GetProperty("has_more").GetBoolean());
        var lines = body.GetProperty("line_items").EnumerateArray().ToArray();
        Assert.Equal(2, lines.Length);
        Assert.Equal(_price, lines[0].GetProperty("price").GetProperty("price_id").GetString());
        Assert.Equal(2, lines[0].GetProperty("quantity").GetInt64());
        Assert.Equal(4000, lines[0].GetProperty("amount_total").GetInt64());
        Assert.Equal("T-shirt", lines[0].GetProperty("description").GetString());
        Assert.Equal(mug, lines[1].GetProperty("price").GetProperty("price_id").GetString());
        Assert.Equal(2250, lines[1].GetProperty("amount_subtotal").GetInt64());
        Assert.Equal("Mug", lines[1].GetProperty("description").GetString());
        Assert.Equal("usd", lines[1].GetProperty("currency").GetString());
        Assert.StartsWith("fli_", lines[1].GetProperty("line_item_id").GetString());
    }

    [Fact]
    public async Task LineItems_PagedWithLimitAndStartingAfter_ReturnsEachLineOnce()
    {
        var prices = new List<string> { _price };
        for (var i = 0; i < 2; i++) prices.Add(await _merchant.CreatePriceAsync(100 + i));
        var items = string.Join(",", prices.Select(p => $$"""{"price":"{{p}}","quantity":1}"""));
        using var api = _merchant.Api();
        var created = await api.PostJsonAsync("/v1/checkout/sessions", $$"""{"success_url":"https://shop.example/ok","line_items":[{{items}}]}""");
        var sessionId = (await created.ReadJsonAsync()).GetProperty("checkout_session").Id();

        var first = await (await api.GetAsync($"/v1/checkout/sessions/{sessionId}/line_items?limit=2")).ReadJsonAsync();
        var firstLines = first.GetProperty("line_items").EnumerateArray().ToArray();
        var after = firstLines[^1].GetProperty("line_item_id").GetString();
        var second = await (await api.GetAsync($"/v1/checkout/sessions/{sessionId}/line_items?limit=2&starting_after={after}")).ReadJsonAsync();

        Assert.True(first.GetProperty("has_more").GetBoolean());
        Assert.False(second.GetProperty("has_more").GetBoolean());
        var priceIds = firstLines.Concat(second.GetProperty("line_items").EnumerateArray())
            .Select(l => l.GetProperty("price").GetProperty("price_id").GetString()!).ToList();
        Assert.Equal(prices, priceIds);
    }

    [Fact]
    public async Task LineItems_OfUnknownSession_Returns404()
    {
        using var api = _merchant.Api();

        var response = await api.GetAsync("/v1/checkout/sessions/fcs_01JZZZZZZZZZZZZZZZZZZZZZZZ/line_items");

        await ApiAssert.ErrorAsync(response, HttpStatusCode.NotFound, "invalid_request_error", "resource_missing", "id");
    }

    [Fact]
    public async Task Session_KeepsItsLineItemsWhenCatalogChanges()
    {
        var sessionId = await CreateSessionAsync("");
        using var api = _merchant.Api();
        (await api.PostJsonAsync($"/v1/prices/{_price}", """{"active":false,"description":"retired"}""")).EnsureSuccessStatusCode();

        var lines = await api.ListAsync($"/v1/checkout/sessions/{sessionId}/line_items", "line_items");

        var line = Assert.Single(lines);
        Assert.Equal(2000, line.GetProperty("amount_total").GetInt64());
        Assert.Equal(JsonValueKind.True, line.GetProperty("price").GetProperty("active").ValueKind);
    }
}

public sealed class SessionListTestsOnSqlite() : SessionListTests(DatabaseProvider.Sqlite);
public sealed class SessionListTestsOnPostgres() : SessionListTests(DatabaseProvider.Postgres);
