using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Idempotency;

namespace OpenCheckout.Server.Tests.Infrastructure;

/// <summary>Contract section 9: Idempotency-Key on POST/PATCH, scoped to account, mode, method, normalised path and body.</summary>
public abstract class IdempotencyTests(DatabaseProvider provider) : IAsyncLifetime
{
    const string Sessions = "/v1/checkout/sessions";
    readonly TestApp _app = new(provider);
    TestMerchant _merchant = null!;
    string _price = null!;

    public async Task InitializeAsync()
    {
        _merchant = await _app.CreateMerchantAsync("Acme Shop");
        _price = await _merchant.CreatePriceAsync(2000);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    string SessionBody(long quantity = 1) =>
        $$"""{"success_url":"https://shop.example/ok","line_items":[{"price":"{{_price}}","quantity":{{quantity}}}]}""";

    static bool IsReplay(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Idempotent-Replayed", out var values) && values.SequenceEqual(["true"]);

    [Fact]
    public async Task Create_SameKeySameBody_ReplaysIdenticalBytesAndCreatesOneSession()
    {
        using var api = _merchant.Api();
        var first = await api.PostJsonAsync(Sessions, SessionBody(), "order-1001");
        _app.Clock.Advance(TimeSpan.FromMinutes(5));

        var second = await api.PostJsonAsync(Sessions, SessionBody(), "order-1001");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.False(IsReplay(first));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.True(IsReplay(second));
        Assert.Equal("application/json", second.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await second.Content.ReadAsByteArrayAsync());
        Assert.NotEqual(ApiAssert.RequestId(first), ApiAssert.RequestId(second));
        Assert.Single(await _merchant.SessionsAsync());
    }

    [Fact]
    public async Task Create_SameKeyReplayedAfterSessionChanged_StillReplaysTheFirstResponse()
    {
        using var api = _merchant.Api();
        var first = await api.PostJsonAsync(Sessions, SessionBody(), "order-1002");
        var id = (await first.ReadJsonAsync()).GetProperty("checkout_session").Id();
        Assert.Equal(HttpStatusCode.OK, (await _merchant.PayWithTestHelperAsync(id)).StatusCode);
        _app.Clock.Advance(TimeSpan.FromHours(23));

        var second = await api.PostJsonAsync(Sessions, SessionBody(), "order-1002");

        Assert.True(IsReplay(second));
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await second.Content.ReadAsByteArrayAsync());
        Assert.Single(await _merchant.SessionsAsync());
    }

    [Fact]
    public async Task Create_SameKeyDifferentBody_RunsAsANewRequest_AndEachBodyReplaysItsOwnAnswer()
    {
        using var api = _merchant.Api();
        var one = await api.PostJsonAsync(Sessions, SessionBody(1), "order-1003");
        var two = await api.PostJsonAsync(Sessions, SessionBody(2), "order-1003");
        var oneAgain = await api.PostJsonAsync(Sessions, SessionBody(1), "order-1003");
        var twoAgain = await api.PostJsonAsync(Sessions, SessionBody(2), "order-1003");

        Assert.Equal(HttpStatusCode.OK, two.StatusCode);
        Assert.False(IsReplay(two));
        Assert.True(IsReplay(oneAgain) && IsReplay(twoAgain));
        Assert.Equal(await one.Content.ReadAsByteArrayAsync(), await oneAgain.Content.ReadAsByteArrayAsync());
        Assert.Equal(await two.Content.ReadAsByteArrayAsync(), await twoAgain.Content.ReadAsByteArrayAsync());
        Assert.Equal([2000, 4000], (await _merchant.SessionsAsync()).Select(s => s.GetProperty("amount_total").GetInt64()).Order());
    }

    [Fact]
    public async Task Create_SameKeyDifferentBody_WithOnMismatchReject_Returns400IdempotencyErrorAndCreatesNothingMore()
    {
        await using var app = new TestApp(provider, settings: new Dictionary<string, string?> { ["OpenCheckout:Idempotency:OnMismatch"] = "reject" });
        var merchant = await app.CreateMerchantAsync();
        var price = await merchant.CreatePriceAsync(2000);
        using var api = merchant.Api();
        var body = (long quantity) => $$"""{"success_url":"https://shop.example/ok","line_items":[{"price":"{{price}}","quantity":{{quantity}}}]}""";
        Assert.Equal(HttpStatusCode.OK, (await api.PostJsonAsync(Sessions, body(1), "order-1003")).StatusCode);

        var second = await api.PostJsonAsync(Sessions, body(2), "order-1003");

        await ApiAssert.ErrorAsync(second, HttpStatusCode.BadRequest, "idempotency_error", "idempotency_key_mismatch");
        Assert.False(IsReplay(second));
        var session = Assert.Single(await merchant.SessionsAsync());
        Assert.Equal(2000, session.GetProperty("amount_total").GetInt64());
    }

    [Fact]
    public async Task Create_OnSpellingsOfOnePath_CreatesOneProduct_AndReplaysIt()
    {
        using var api = _merchant.Api();
        const string body = """{"product":{"name":"Mug"}}""";
        var first = await api.PostJsonAsync("/v1/products", body, "product-mug");
        var responses = new[] { await api.PostJsonAsync("/v1/Products", body, "product-mug"), await api.PostJsonAsync("/v1/products/", body, "product-mug") };

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        foreach (var response in responses)
        {
            Assert.True(IsReplay(response), $"{response.RequestMessage!.RequestUri} was not replayed");
            Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await response.Content.ReadAsByteArrayAsync());
        }
        using var list = await api.GetAsync("/v1/products");
        Assert.Single((await list.ReadJsonAsync()).GetProperty("products").EnumerateArray(), p => p.GetProperty("name").GetString() == "Mug");
    }

    [Fact]
    public async Task Create_ClientHangsUpBeforeTheAnswer_TheRetryReplaysTheSavedSession()
    {
        using var api = _merchant.Api();
        var body = SessionBody();
        var held = await _app.Database.HoldWritesAsync("CheckoutSessions");
        using (var hangUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(500)))
        using (var request = new HttpRequestMessage(HttpMethod.Post, Sessions) { Content = Json.Body(body) })
        {
            request.Headers.Add("Idempotency-Key", "order-hang-up");
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => api.SendAsync(request, hangUp.Token));
        }
        await held.DisposeAsync(); // the create, already under way, now commits with nobody to answer

        var retry = await RetryWhileInUseAsync(() => api.PostJsonAsync(Sessions, body, "order-hang-up"));

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.True(IsReplay(retry));
        var session = Assert.Single(await _merchant.SessionsAsync());
        Assert.Contains(session.Id(), await retry.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Retry_WhileTheFirstRunIsStillGoing_Is409_ThenReplaysTheFirstAnswer()
    {
        using var first = _merchant.Api();
        using var retry = _merchant.Api();
        var body = SessionBody();
        var held = await _app.Database.HoldWritesAsync("CheckoutSessions");
        var running = first.PostJsonAsync(Sessions, body, "order-running");
        await Task.Delay(300); // the first run is under way, waiting for the database

        var whileRunning = await retry.PostJsonAsync(Sessions, body, "order-running");
        await ApiAssert.ErrorAsync(whileRunning, HttpStatusCode.Conflict, "idempotency_error", "idempotency_key_in_use");
        await held.DisposeAsync();
        var answer = await running;
        var afterwards = await retry.PostJsonAsync(Sessions, body, "order-running");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.False(IsReplay(answer));
        Assert.True(IsReplay(afterwards));
        Assert.Equal(await answer.Content.ReadAsByteArrayAsync(), await afterwards.Content.ReadAsByteArrayAsync());
        Assert.Single(await _merchant.SessionsAsync());
    }

    /// <summary>What the SDK does with a 409 <c>idempotency_key_in_use</c>: waits and retries, here for up to 10 s.</summary>
    static async Task<HttpResponseMessage> RetryWhileInUseAsync(Func<Task<HttpResponseMessage>> send)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var response = await send();
            if (response.StatusCode != HttpStatusCode.Conflict || DateTime.UtcNow > deadline) return response;
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task SameKey_OnDifferentPaths_IsIndependent()
    {
        using var api = _merchant.Api();

        var product = await api.PostJsonAsync("/v1/products", """{"name":"Mug"}""", "shared-key");
        var session = await api.PostJsonAsync(Sessions, SessionBody(), "shared-key");

        Assert.Equal(HttpStatusCode.OK, product.StatusCode);
        Assert.Equal(HttpStatusCode.OK, session.StatusCode);
        Assert.False(IsReplay(session));
        Assert.StartsWith("fcs_", (await session.ReadJsonAsync()).GetProperty("checkout_session").Id());
        Assert.Single(await _merchant.SessionsAsync());
    }

    [Fact]
    public async Task SameKey_OnExpireOfTwoSessions_ExpiresBoth()
    {
        var a = await _merchant.CreateSessionAsync(_price);
        var b = await _merchant.CreateSessionAsync(_price);
        using var api = _merchant.Api();

        var first = await api.PostJsonAsync($"{Sessions}/{a.Id()}/expire", "{}", "expire-key");
        var second = await api.PostJsonAsync($"{Sessions}/{b.Id()}/expire", "{}", "expire-key");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.False(IsReplay(second));
        Assert.Equal("expired", (await _merchant.GetSessionAsync(a.Id())).Status());
        Assert.Equal("expired", (await _merchant.GetSessionAsync(b.Id())).Status());
    }

    [Fact]
    public async Task SameKey_FromAnotherAccountOrMode_IsIndependent()
    {
        var other = await _app.CreateMerchantAsync("Other Shop");
        var othersPrice = await other.CreatePriceAsync(700);
        var livePrice = await _merchant.CreatePriceAsync(900, live: true);
        using var api = _merchant.Api();
        using var otherApi = other.Api();
        using var liveApi = _merchant.Api(live: true);

        var mine = await api.PostJsonAsync(Sessions, SessionBody(), "same-key");
        var theirs = await otherApi.PostJsonAsync(Sessions,
            $$"""{"success_url":"https://shop.example/ok","line_items":[{"price":"{{othersPrice}}","quantity":1}]}""", "same-key");
        var live = await liveApi.PostJsonAsync(Sessions,
            $$"""{"success_url":"https://shop.example/ok","line_items":[{"price":"{{livePrice}}","quantity":1}]}""", "same-key");

        Assert.All(new[] { mine, theirs, live }, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.False(IsReplay(theirs));
        Assert.False(IsReplay(live));
        Assert.Single(await _merchant.SessionsAsync());
        Assert.Single(await other.SessionsAsync());
        Assert.Single(await _merchant.SessionsAsync(live: true));
    }

    [Fact]
    public async Task Create_FailedValidationWithKey_StoresNothingSoCorrectedBodyWithSameKeySucceeds()
    {
        using var api = _merchant.Api();
        var bad = await api.PostJsonAsync(Sessions, $$"""{"line_items":[{"price":"{{_price}}","quantity":1}]}""", "order-1004");
        await ApiAssert.ErrorAsync(bad, HttpStatusCode.BadRequest, "invalid_request_error", "parameter_missing", "success_url");
        Assert.Empty(await _merchant.SessionsAsync());

        var corrected = await api.PostJsonAsync(Sessions, SessionBody(), "order-1004");

        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        Assert.False(IsReplay(corrected));
        Assert.Single(await _merchant.SessionsAsync());
    }

    [Fact]
    public async Task Create_UnprocessableWithKey_StoresNothingSoRetryAfterFixingCatalogSucceeds()
    {
        using var api = _merchant.Api();
        (await api.PostJsonAsync($"/v1/prices/{_price}", """{"active":false}""")).EnsureSuccessStatusCode();
        var refused = await api.PostJsonAsync(Sessions, SessionBody(), "order-1005");
        await ApiAssert.ErrorAsync(refused, (HttpStatusCode)422, "invalid_request_error", "price_not_found", "line_items[0].price");
        (await api.PostJsonAsync($"/v1/prices/{_price}", """{"active":true}""")).EnsureSuccessStatusCode();

        var retried = await api.PostJsonAsync(Sessions, SessionBody(), "order-1005");

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.False(IsReplay(retried));
        Assert.Single(await _merchant.SessionsAsync());
    }

    [Fact]
    public async Task Create_TenConcurrentDuplicates_CreateExactlyOneSessionAndNeverFail()
    {
        var clients = Enumerable.Range(0, 10).Select(_ => _merchant.Api()).ToList();
        try
        {
            var responses = await Task.WhenAll(clients.Select(c => c.PostJsonAsync(Sessions, SessionBody(), "order-burst")));

            var bodies = new List<string>();
            foreach (var response in responses)
            {
                var text = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{(int)response.StatusCode}: {text}");
                if (response.StatusCode == HttpStatusCode.Conflict)
                    await ApiAssert.ErrorAsync(response, HttpStatusCode.Conflict, "idempotency_error", "idempotency_key_in_use");
                else bodies.Add(text);
            }
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK && !IsReplay(r));
            Assert.Single(bodies.Distinct());
            var session = Assert.Single(await _merchant.SessionsAsync());
            Assert.Contains(session.Id(), bodies[0]);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task Pay_DeclinedWithKeyAndRetriedWithSameKey_ReplaysTheDeclineWithoutANewAttempt()
    {
        var session = await _merchant.CreateSessionAsync(_price);
        using var api = _merchant.Api();
        var path = $"/v1/test_helpers/checkout/sessions/{session.Id()}/pay";
        var first = await api.PostJsonAsync(path, """{"card_number":"4000000000000002"}""", "pay-1");
        var intentBefore = Assert.Single(await _merchant.PaymentIntentsOfAsync(session.Id()));

        var second = await api.PostJsonAsync(path, """{"card_number":"4000000000000002"}""", "pay-1");

        Assert.Equal(HttpStatusCode.PaymentRequired, second.StatusCode);
        Assert.True(IsReplay(second));
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await second.Content.ReadAsByteArrayAsync());
        var intentAfter = Assert.Single(await _merchant.PaymentIntentsOfAsync(session.Id()));
        Assert.Equal(intentBefore.GetRawText(), intentAfter.GetRawText());
    }

    [Fact]
    public async Task UpdateProduct_ByPatchWithSameKeySameBody_Replays()
    {
        using var api = _merchant.Api();
        var product = (await (await api.PostJsonAsync("/v1/products", """{"name":"Mug"}""")).ReadJsonAsync())
            .GetProperty("product").GetProperty("product_id").GetString();
        HttpRequestMessage Patch() => new(HttpMethod.Patch, $"/v1/products/{product}")
        {
            Content = Json.Body("""{"name":"Big mug"}"""),
            Headers = { { "Idempotency-Key", "rename-1" } },
        };

        var first = await api.SendAsync(Patch());
        var second = await api.SendAsync(Patch());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True(IsReplay(second));
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await second.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Get_WithIdempotencyKey_IsIgnored()
    {
        using var api = _merchant.Api();
        HttpRequestMessage List() => new(HttpMethod.Get, Sessions) { Headers = { { "Idempotency-Key", "list-1" } } };
        var before = await api.SendAsync(List());
        await _merchant.CreateSessionAsync(_price);

        var after = await api.SendAsync(List());

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.False(IsReplay(after));
        Assert.Empty((await before.ReadJsonAsync()).GetProperty("checkout_sessions").EnumerateArray());
        Assert.Single((await after.ReadJsonAsync()).GetProperty("checkout_sessions").EnumerateArray());
    }

    [Fact]
    public async Task Cleanup_After25Hours_DeletesOldRecordsBatchByBatch_KeepsNewOnes_AndAnOldKeyRunsAgain()
    {
        using var api = _merchant.Api();
        Assert.Equal(HttpStatusCode.OK, (await api.PostJsonAsync(Sessions, SessionBody(), "order-old")).StatusCode);
        var old = _app.Clock.GetUtcNow().UtcDateTime;
        // More old records than one unit of work deletes, written straight to the database.
        await _app.Services.GetRequiredService<IUnitOfWork>().RunAsync((db, _) =>
        {
            db.IdempotencyRecords.AddRange(Enumerable.Range(0, IdempotencyCleanupWorker.DeleteBatch).Select(i => new IdempotencyRecord
            {
                AccountId = _merchant.AccountId, TestMode = true, Method = "POST", Path = Sessions, Key = $"bulk-{i}",
                RequestHash = new byte[32], StatusCode = 200, ResponseBody = "{}"u8.ToArray(), CreatedAt = old,
            }));
            return Task.FromResult(0);
        });
        _app.Clock.Advance(IdempotencyCleanupWorker.KeepFor + TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await api.PostJsonAsync(Sessions, SessionBody(), "order-new")).StatusCode);
        var cleanup = _app.Services.GetServices<IHostedService>().OfType<IdempotencyCleanupWorker>().Single();

        var deleted = await cleanup.DeleteExpiredAsync(CancellationToken.None);

        Assert.Equal(IdempotencyCleanupWorker.DeleteBatch + 1, deleted);
        var oldAgain = await api.PostJsonAsync(Sessions, SessionBody(), "order-old");
        Assert.Equal(HttpStatusCode.OK, oldAgain.StatusCode);
        Assert.False(IsReplay(oldAgain));
        Assert.True(IsReplay(await api.PostJsonAsync(Sessions, SessionBody(), "order-new")));
        Assert.Equal(3, (await _merchant.SessionsAsync()).Length);
    }

    [Fact]
    public async Task Create_WithKeyLongerThan255_Returns400NamingTheHeaderAndStoresNothing()
    {
        using var api = _merchant.Api();

        var response = await api.PostJsonAsync(Sessions, SessionBody(), new string('k', 256));

        await ApiAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", "idempotency_key_invalid", "Idempotency-Key");
        Assert.Empty(await _merchant.SessionsAsync());
    }

    [Fact]
    public async Task Create_WithKeyOf255Chars_IsAccepted()
    {
        using var api = _merchant.Api();

        var response = await api.PostJsonAsync(Sessions, SessionBody(), new string('k', 255));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

public sealed class IdempotencyTestsOnSqlite() : IdempotencyTests(DatabaseProvider.Sqlite);
public sealed class IdempotencyTestsOnPostgres() : IdempotencyTests(DatabaseProvider.Postgres);
