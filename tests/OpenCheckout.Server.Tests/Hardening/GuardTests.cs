using System.Data.Common;
using System.Net;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenCheckout.Server.Tests.Features.Refunds;
using OpenCheckout.Server.Tests.Pages;
using OpenCheckout.Testing;
using Xunit.Abstractions;

namespace OpenCheckout.Server.Tests.Hardening;

/// <summary>Guards read straight from what a client receives (issue 18, defect 9 and the guard tests): the hosted page's
/// security headers, HSTS over https, and load shedding when the SQLite writer's queue is full.</summary>
public sealed class GuardTests
{
    [Fact]
    public async Task HostedPage_EveryState_CarriesItsSecurityHeaders()
    {
        await using var app = new TestApp(DatabaseProvider.Sqlite);
        var merchant = await app.CreateMerchantAsync();
        var session = await merchant.CreateSessionAsync(await merchant.CreatePriceAsync());
        var paid = await merchant.CreateSessionAsync(await merchant.CreatePriceAsync());
        Assert.Equal(HttpStatusCode.OK, (await merchant.PayWithTestHelperAsync(paid.Id())).StatusCode);
        using var page = new HostedPageClient(app.BaseAddress);

        foreach (var response in new[] { await page.GetAsync(session.Id()), await page.GetAsync(paid.Id()), await page.GetAsync("fcs_unknown") })
        {
            var csp = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("default-src 'none'", csp);
            Assert.Contains("script-src 'self'", csp);
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.DoesNotContain("unsafe-inline", csp);
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.True(response.Headers.CacheControl?.NoStore, $"{(int)response.StatusCode}: Cache-Control {response.Headers.CacheControl}");
        }
    }

    [Fact]
    public async Task Https_ThroughAKnownProxy_GetsHsts_PlainHttpAndLocalhostDoNot()
    {
        await using var app = new TestApp(DatabaseProvider.Sqlite, settings: new Dictionary<string, string?>
        {
            ["OpenCheckout:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
        });
        using var http = app.Http();

        async Task<HttpResponseMessage> GetAsync(string host, string? proto)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
            request.Headers.Host = host;
            if (proto is not null) request.Headers.Add("X-Forwarded-Proto", proto);
            return await http.SendAsync(request);
        }

        var https = await GetAsync("pay.example.com", "https");
        Assert.Contains("max-age=31536000", https.Headers.GetValues("Strict-Transport-Security").Single());
        Assert.False((await GetAsync("pay.example.com", null)).Headers.Contains("Strict-Transport-Security"));
        Assert.False((await GetAsync("localhost", "https")).Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task WritesPastTheQueueBound_Are503WithRetryAfter_AndTheRestCommit()
    {
        await using var app = new TestApp(DatabaseProvider.Sqlite, settings: new Dictionary<string, string?>
        {
            ["OpenCheckout:Database:MaxQueuedWrites"] = "2",
        });
        var merchant = await app.CreateMerchantAsync();
        using var api = merchant.Api();
        Task<HttpResponseMessage>[] creates;
        await using (await app.Database.HoldWritesAsync("Products"))
        {
            // The writer takes the first write and waits for the lock; two more wait in its queue; the rest are refused at once.
            var first = api.PostAsync("/v1/products", Json.Body("""{"name":"P0"}"""));
            await Task.Delay(200); // the first is in the writer's hands (if not, it is queued: the bound still refuses some)
            creates = [first, .. Enumerable.Range(1, 7).Select(i => api.PostAsync("/v1/products", Json.Body($$"""{"name":"P{{i}}"}""")))];
            await Task.WhenAny(creates).WaitAsync(TimeSpan.FromSeconds(20));
        }
        var answers = await Task.WhenAll(creates);

        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
        Assert.NotEmpty(refused);
        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"{(int)a.StatusCode}"));
        foreach (var answer in refused)
        {
            await ApiAssert.ErrorAsync(answer, HttpStatusCode.ServiceUnavailable, "api_error", "service_unavailable");
            Assert.True(answer.Headers.RetryAfter is not null);
        }
        Assert.Equal(answers.Count(a => a.StatusCode == HttpStatusCode.OK), (await api.ListAsync("/v1/products?limit=100", "products")).Length);
    }
}

/// <summary>On PostgreSQL, where the payment's conditional update is the guard: a payment that waited for the session's row
/// past the session's expiry does not complete it (the time is read inside the write).</summary>
public sealed class ExpiryGuardTestsOnPostgres
{
    [Fact]
    public async Task PaymentThatWaitedPastTheExpiry_DoesNotCompleteTheSession()
    {
        // Sessions live 30 minutes; the expiry sweeper, hourly, does not run while the clock moves 31 minutes.
        await using var app = new TestApp(DatabaseProvider.Postgres, settings: new Dictionary<string, string?>
        {
            ["OpenCheckout:Sessions:DefaultLifetime"] = "00:30:00",
            ["OpenCheckout:Sessions:SweepInterval"] = "01:00:00",
        });
        var merchant = await app.CreateMerchantAsync();
        var session = await merchant.CreateSessionAsync(await merchant.CreatePriceAsync());
        Task<HttpResponseMessage> pay;
        await using (var held = await app.Database.HoldWritesAsync("CheckoutSessions"))
        {
            pay = merchant.PayWithTestHelperAsync(session.Id());
            // The payment is in its write, waiting for the session's row, when the session expires.
            await held.WaitForAWaiterAsync();
            app.Clock.Advance(TimeSpan.FromMinutes(31));
        }

        var answer = await pay.WaitAsync(TimeSpan.FromSeconds(20));

        await ApiAssert.ErrorAsync(answer, HttpStatusCode.Conflict, "invalid_request_error", "checkout_session_not_open");
        Assert.Equal("expired", (await merchant.GetSessionAsync(session.Id())).Status());
        Assert.DoesNotContain(await merchant.PaymentIntentsOfAsync(session.Id()), p => p.GetProperty("status").GetString() == "succeeded");
    }
}

/// <summary>On PostgreSQL, where several nodes refund at once: the refund's conditional update is the ceiling. A refund that
/// read the payment and then waited while another node refunded 2,000 of its 5,000 is decided by what is refunded now.</summary>
public sealed class RefundGuardTestsOnPostgres : IAsyncLifetime
{
    readonly TestApp _app = new(DatabaseProvider.Postgres);
    TestMerchant _merchant = null!;
    string _paymentIntent = null!;

    public async Task InitializeAsync()
    {
        _merchant = await _app.CreateMerchantAsync();
        var session = await _merchant.CreateSessionAsync(await _merchant.CreatePriceAsync(5000));
        Assert.Equal(HttpStatusCode.OK, (await _merchant.PayWithTestHelperAsync(session.Id())).StatusCode);
        _paymentIntent = (await _merchant.GetSessionAsync(session.Id())).GetProperty("payment_intent").GetString()!;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>Sends <paramref name="body"/> to POST /v1/refunds; once it has read the payment and waits to update it,
    /// another writer refunds 2,000 and lets go.</summary>
    async Task<HttpResponseMessage> RefundWhileAnotherNodeRefundsAsync(string body)
    {
        using var api = _merchant.Api();
        Task<HttpResponseMessage> refund;
        await using (var held = await _app.Database.HoldWritesAsync("PaymentIntents"))
        {
            refund = api.PostAsync("/v1/refunds", Json.Body(body));
            await held.WaitForAWaiterAsync();
            await held.ExecuteAsync($"""UPDATE "PaymentIntents" SET "AmountRefunded" = 2000 WHERE "Id" = '{_paymentIntent}'""");
        }
        return await refund.WaitAsync(TimeSpan.FromSeconds(20));
    }

    async Task<long> AmountRefundedAsync() =>
        Convert.ToInt64(await _app.Database.ScalarAsync($"""SELECT "AmountRefunded" FROM "PaymentIntents" WHERE "Id" = '{_paymentIntent}'"""));

    [Fact]
    public async Task RefundOfAnAmount_ThatNoLongerFits_IsRefused_AndNeverPassesTheAmountPaid()
    {
        var answer = await RefundWhileAnotherNodeRefundsAsync($$"""{"payment_intent":"{{_paymentIntent}}","amount":4000}""");

        await ApiAssert.ErrorAsync(answer, HttpStatusCode.BadRequest, "invalid_request_error", "amount_too_large");
        Assert.Equal(2000, await AmountRefundedAsync());
        using var api = _merchant.Api();
        Assert.Empty(await api.ListAsync($"/v1/refunds?payment_intent={_paymentIntent}", "refunds"));
    }

    [Fact]
    public async Task RefundOfTheRemainder_IsComputedAgain_AndRefundsWhatRemainsNow()
    {
        var answer = await RefundWhileAnotherNodeRefundsAsync($$"""{"payment_intent":"{{_paymentIntent}}"}""");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(3000, (await answer.ReadJsonAsync()).GetProperty("refund").GetProperty("amount").GetInt64());
        Assert.Equal(5000, await AmountRefundedAsync());
    }
}


/// <summary>On PostgreSQL, many line-item refunds of one payment at once (several people in the merchant's back office,
/// several nodes). A line-item refund's amount is derived from what earlier refunds left of each line, so its conditional
/// update also requires that nothing was refunded since it read them; a refund that keeps losing that race answers 409
/// <c>refund_conflict</c>. Whatever the interleaving: never a 5xx, never more than a line's total or the amount paid, and
/// the refunds listed add up to what the payment shows refunded.</summary>
public sealed class LineItemRefundGuardTestsOnPostgres : IAsyncLifetime
{
    readonly RefundBetweenEachReadAndGuard _otherNode = new();
    readonly TestApp _app;
    readonly ITestOutputHelper _output;
    TestMerchant _merchant = null!;

    public LineItemRefundGuardTestsOnPostgres(ITestOutputHelper output)
    {
        _output = output;
        _app = new TestApp(DatabaseProvider.Postgres, services: s => s.AddSingleton<IInterceptor>(_otherNode));
    }

    public async Task InitializeAsync() => _merchant = await _app.CreateMerchantAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    static Task<HttpResponseMessage> RefundLineAsync(HttpClient api, string sessionId, string price, long amount) =>
        api.PostAsync($"/v1/checkout/sessions/{sessionId}/refund",
            Json.Body($$"""{"line_items":[{"price":"{{price}}","amount_to_refund":{{amount}}}]}"""));

    /// <summary>A refund of part of a line is made (200), refused for its amount (400: <c>amount_too_large</c> when the line
    /// has less left, <c>charge_already_refunded</c> once the whole payment is), or refused because other refunds kept
    /// changing the payment (409 <c>refund_conflict</c>), each in the contract's error shape.</summary>
    static async Task AssertAnsweredAsync(HttpResponseMessage answer)
    {
        if (answer.StatusCode == HttpStatusCode.OK) return;
        if (answer.StatusCode == HttpStatusCode.Conflict)
        {
            await ApiAssert.ErrorAsync(answer, HttpStatusCode.Conflict, "invalid_request_error", "refund_conflict");
            return;
        }
        var code = answer.StatusCode == HttpStatusCode.BadRequest ? (await answer.ReadJsonAsync()).ErrorCode() : "amount_too_large";
        Assert.Contains(code, (string[])["amount_too_large", "charge_already_refunded"]);
        await ApiAssert.ErrorAsync(answer, HttpStatusCode.BadRequest, "invalid_request_error", code);
    }

    Task<object?> ScalarAsync(string sql) => _app.Database.ScalarAsync(sql);

    async Task<long> AmountRefundedAsync(string paymentIntentId) =>
        Convert.ToInt64(await ScalarAsync($"""SELECT "AmountRefunded" FROM "PaymentIntents" WHERE "Id" = '{paymentIntentId}'"""));

    /// <summary>What the stored refunds of the payment took from the lines of <paramref name="price"/>.</summary>
    async Task<long> RefundedOfLineAsync(string paymentIntentId, string price) => Convert.ToInt64(await ScalarAsync($"""
        SELECT COALESCE(SUM((l->>'amount')::bigint), 0) FROM "Refunds" r CROSS JOIN LATERAL jsonb_array_elements(r."Lines"::jsonb) l
        WHERE r."PaymentIntentId" = '{paymentIntentId}' AND l->>'priceId' = '{price}'
        """));

    /// <summary>The refunds listed are the <paramref name="made"/> answered 200, and add up to what the payment and its
    /// session show refunded, which is no more than was paid.</summary>
    async Task AssertTheBooksAgreeAsync(Paid.PaidSession paid, int made, long amountPaid)
    {
        var refunds = await Paid.RefundsAsync(_merchant, $"&payment_intent_id={paid.PaymentIntentId}");
        Assert.Equal(made, refunds.Count);
        Assert.Equal(made, (await Paid.EventsAsync(_merchant, "refund.created")).Count);
        var total = refunds.Sum(r => r.GetProperty("amount").GetInt64());
        Assert.Equal(total, await AmountRefundedAsync(paid.PaymentIntentId));
        Assert.Equal(total, (await Paid.PaymentIntentAsync(_merchant, paid.PaymentIntentId)).GetProperty("amount_refunded").GetInt64());
        var session = await _merchant.GetSessionAsync(paid.SessionId);
        Assert.Equal(total, session.GetProperty("amount_refunded").GetInt64());
        Assert.Equal(made, session.GetProperty("refunds").GetArrayLength());
        Assert.True(total <= amountPaid, $"{total} refunded of {amountPaid} paid");
    }

    /// <summary>Eighteen refunds of parts of three lines, more parts than fit in each line, sent at once by three clients:
    /// each is made, refused for its amount, or refused with <c>refund_conflict</c>; no line is refunded past its total.
    /// Sent again one by one, as the error asks, the conflicts settle: each line ends refunded by exactly as many parts as
    /// fit in it. (Conflicts are rare here: an attempt that went stale while waiting for the payment's row keeps the row
    /// locked, so its next attempt cannot go stale; the next test forces one.)</summary>
    [Fact]
    public async Task ConcurrentLineItemRefunds_NeverPassALinesTotal_AndConflictsSettleWhenRetried()
    {
        var shirts = await _merchant.CreatePriceAsync(1000, productName: "Shirt");
        var mugs = await _merchant.CreatePriceAsync(500, productName: "Mug");
        var hats = await _merchant.CreatePriceAsync(1500, productName: "Hat");
        var paid = await Paid.SessionWithLinesAsync(_merchant, (shirts, 2), (mugs, 1), (hats, 1));
        (string Price, long Total, long Part, int Requests)[] lines = [(shirts, 2000, 300, 8), (mugs, 500, 200, 4), (hats, 1500, 400, 6)];
        // The lines' requests interleaved: shirt, mug, hat, shirt, mug, hat, …
        var requests = lines.SelectMany(l => Enumerable.Range(0, l.Requests).Select(k => (k, Line: l))).OrderBy(r => r.k).Select(r => r.Line).ToList();
        var clients = Enumerable.Range(0, 3).Select(_ => _merchant.Api()).ToArray();
        try
        {
            var answers = await Task.WhenAll(requests.Select((r, i) => RefundLineAsync(clients[i % clients.Length], paid.SessionId, r.Price, r.Part)))
                .WaitAsync(TimeSpan.FromSeconds(60));

            foreach (var answer in answers) await AssertAnsweredAsync(answer);
            var made = answers.Count(a => a.StatusCode == HttpStatusCode.OK);
            var conflicts = answers.Count(a => a.StatusCode == HttpStatusCode.Conflict);
            _output.WriteLine($"{made} refunded, {answers.Length - made - conflicts} refused for their amount, {conflicts} refund_conflict");
            Assert.True(made > 0);
            await AssertTheBooksAgreeAsync(paid, made, 4000);
            foreach (var line in lines)
            {
                var refunded = await RefundedOfLineAsync(paid.PaymentIntentId, line.Price);
                Assert.True(refunded <= line.Total, $"{refunded} refunded of a line of {line.Total}");
            }

            for (var i = 0; i < answers.Length; i++)
                for (var retry = 0; answers[i].StatusCode == HttpStatusCode.Conflict; retry++)
                {
                    Assert.True(retry < 3, "a refund sent alone still answered refund_conflict");
                    answers[i] = await RefundLineAsync(clients[0], paid.SessionId, requests[i].Price, requests[i].Part);
                    await AssertAnsweredAsync(answers[i]);
                }

            foreach (var line in lines)
            {
                var fit = line.Total / line.Part;
                Assert.Equal(fit, requests.Where((r, i) => r == line && answers[i].StatusCode == HttpStatusCode.OK).Count());
                Assert.Equal(fit * line.Part, await RefundedOfLineAsync(paid.PaymentIntentId, line.Price));
            }
            await AssertTheBooksAgreeAsync(paid, answers.Count(a => a.StatusCode == HttpStatusCode.OK), 4000);
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }

    /// <summary>A line-item refund that, on every attempt, finds the payment refunded further by another node between reading
    /// it and taking its amount answers 409 <c>refund_conflict</c> after its last attempt and writes nothing: no refund, no
    /// event, the payment refunded only by what the other node took. Sent again once the other node is done, it is made.</summary>
    [Fact]
    public async Task LineItemRefund_StaleOnEveryAttempt_Is409RefundConflict_AndWritesNothing()
    {
        var shirts = await _merchant.CreatePriceAsync(1000, productName: "Shirt");
        var paid = await Paid.SessionWithLinesAsync(_merchant, (shirts, 1), (await _merchant.CreatePriceAsync(500, productName: "Mug"), 1));
        using var api = _merchant.Api();

        _otherNode.Arm(_app.Database.Location, paid.PaymentIntentId);
        var answer = await RefundLineAsync(api, paid.SessionId, shirts, 400).WaitAsync(TimeSpan.FromSeconds(20));
        var takenByTheOtherNode = _otherNode.Disarm();

        await ApiAssert.ErrorAsync(answer, HttpStatusCode.Conflict, "invalid_request_error", "refund_conflict");
        Assert.True(takenByTheOtherNode > 1, $"the refund was attempted {takenByTheOtherNode} times");
        Assert.Equal(takenByTheOtherNode, await AmountRefundedAsync(paid.PaymentIntentId));
        Assert.Empty(await Paid.RefundsAsync(_merchant, $"&payment_intent_id={paid.PaymentIntentId}"));
        Assert.Empty(await Paid.EventsAsync(_merchant, "refund.created"));
        var session = await _merchant.GetSessionAsync(paid.SessionId);
        Assert.Equal(0, session.GetProperty("amount_refunded").GetInt64());
        Assert.Empty(session.GetProperty("refunds").EnumerateArray());

        var again = await RefundLineAsync(api, paid.SessionId, shirts, 400);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(takenByTheOtherNode + 400, await AmountRefundedAsync(paid.PaymentIntentId));
        Assert.Single(await Paid.RefundsAsync(_merchant, $"&payment_intent_id={paid.PaymentIntentId}"));
    }

    /// <summary>Plays another node: once armed, just before each refund guard's conditional update (after the attempt has
    /// read the payment and the refunds), it refunds 1 of the armed payment and commits. Holding the payment's row cannot do
    /// this for more than one attempt: a refund that waited on the held table (or row) keeps its own lock until its
    /// transaction ends, so a second holder would wait for the refund itself.</summary>
    sealed class RefundBetweenEachReadAndGuard : DbCommandInterceptor
    {
        volatile Target? _target;
        int _writes;

        sealed record Target(string ConnectionString, string PaymentIntentId);

        public void Arm(string connectionString, string paymentIntentId) => (_writes, _target) = (0, new Target(connectionString, paymentIntentId));

        /// <summary>Disarms it; how many times it refunded.</summary>
        public int Disarm()
        {
            _target = null;
            return Volatile.Read(ref _writes);
        }

        public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken ct = default)
        {
            if (_target is { } target && command.CommandText.Contains("UPDATE \"PaymentIntents\"") && command.CommandText.Contains("\"AmountRefunded\" ="))
            {
                await using var other = new NpgsqlConnection(target.ConnectionString);
                await other.OpenAsync(ct);
                await using var refund = new NpgsqlCommand("""UPDATE "PaymentIntents" SET "AmountRefunded" = "AmountRefunded" + 1 WHERE "Id" = $1""", other);
                refund.Parameters.Add(new NpgsqlParameter { Value = target.PaymentIntentId });
                Assert.Equal(1, await refund.ExecuteNonQueryAsync(ct));
                Interlocked.Increment(ref _writes);
            }
            return result;
        }
    }
}

/// <summary>Two nodes on one PostgreSQL database: node A takes the payment of a session while node B's expiry sweeper expires
/// it. Buyer and merchant see one outcome: the session complete, paid once, with <c>checkout.session.completed</c> and no
/// <c>checkout.session.expired</c>; or the session expired, the payment refused with 409 <c>checkout_session_not_open</c>,
/// nothing charged, and no completed event. Never both, never a 5xx. Sessions live 30 minutes; each node has its own
/// clock; the sweepers run only when a test says.</summary>
public sealed class ExpirySweepGuardTestsOnPostgres(ITestOutputHelper output) : IAsyncLifetime
{
    static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    readonly TestDatabase _database = TestApp.NewDatabase(DatabaseProvider.Postgres);
    TestApp _a = null!, _b = null!;
    TestMerchant _onA = null!, _onB = null!;
    string _price = null!;

    public async Task InitializeAsync()
    {
        _a = Node("node-a");
        _b = Node("node-b");
        _onA = await _a.CreateMerchantAsync("Two-node shop");
        _onB = _onA with { App = _b };
        _price = await _onA.CreatePriceAsync(2000);
    }

    TestApp Node(string name) => new(_database, settings: new Dictionary<string, string?>
    {
        ["OpenCheckout:Node:Name"] = name,
        ["OpenCheckout:Sessions:DefaultLifetime"] = "00:30:00",
        ["OpenCheckout:Sessions:SweepInterval"] = "10.00:00:00",
    });

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _database.DropAsync();
    }

    /// <summary>A session made on A now, which expires <see cref="Lifetime"/> from now by A's clock.</summary>
    async Task<string> SessionAsync() => (await _onA.CreateSessionAsync(_price)).Id();

    /// <summary>For a session A has just made: A's clock 30 s before its expiry, B's 30 s after (clocks a minute apart).</summary>
    void ClocksAroundTheExpiry()
    {
        _a.Clock.Advance(Lifetime - TimeSpan.FromSeconds(30));
        _b.Clock.SetUtcNow(_a.Clock.GetUtcNow() + TimeSpan.FromMinutes(1));
    }

    async Task<int> EventsOfAsync(string type, string sessionId) => (await Paid.EventsAsync(_onB, type))
        .Count(e => e.GetProperty("object").GetProperty("checkout_session").GetProperty("id").GetString() == sessionId);

    /// <summary>Waits (bounded) for the payment's answer and the sweep, lets B sweep once more (as its next tick would), and
    /// asserts that the session ended in one outcome; returns its status.</summary>
    async Task<string> OneOutcomeAsync(string sessionId, Task<HttpResponseMessage> pay, Task<int> sweep)
    {
        var answer = await pay.WaitAsync(Bound);
        await sweep.WaitAsync(Bound); // a sweep that failed throws here
        await _b.SweepExpiredAsync().WaitAsync(Bound);

        var stored = (string)(await _database.ScalarAsync($"""SELECT "Status" FROM "CheckoutSessions" WHERE "Id" = '{sessionId}'"""))!;
        Assert.Equal(stored, (await _onB.GetSessionAsync(sessionId)).Status());
        Assert.Equal(stored, (await _onA.GetSessionAsync(sessionId)).Status());
        var seen = $"{(await _onB.PaymentIntentsOfAsync(sessionId)).Count(p => p.GetProperty("status").GetString() == "succeeded")} succeeded, "
            + $"{await EventsOfAsync("checkout.session.completed", sessionId)} completed, {await EventsOfAsync("checkout.session.expired", sessionId)} expired";
        if (answer.StatusCode == HttpStatusCode.OK)
        {
            Assert.Equal("complete", (await answer.ReadJsonAsync()).GetProperty("checkout_session").Status());
            Assert.Equal("complete", stored);
            Assert.Equal("1 succeeded, 1 completed, 0 expired", seen);
        }
        else
        {
            await ApiAssert.ErrorAsync(answer, HttpStatusCode.Conflict, "invalid_request_error", "checkout_session_not_open");
            Assert.Equal("expired", stored);
            Assert.Equal("0 succeeded, 0 completed, 1 expired", seen);
        }
        return stored;
    }

    /// <summary>The payment on A waits for the session's row; meanwhile both clocks pass the expiry, and B's sweep waits for
    /// the row too. Whichever goes first, the session ends expired: the payment reads the time again inside its write.</summary>
    [Fact]
    public async Task PaymentAndSweep_BothWaitingForTheSession_AsItExpires_EndExpired()
    {
        var session = await SessionAsync();
        Task<HttpResponseMessage> pay;
        Task<int> sweep;
        await using (var held = await _database.HoldWritesAsync("CheckoutSessions"))
        {
            pay = _onA.PayWithTestHelperAsync(session);
            await held.WaitForWaitersAsync(1, "\"CheckoutSessions\"");
            _a.Clock.Advance(Lifetime + TimeSpan.FromMinutes(1));
            _b.Clock.SetUtcNow(_a.Clock.GetUtcNow());
            sweep = _b.SweepExpiredAsync();
            await held.WaitForWaitersAsync(2, "\"CheckoutSessions\"");
        }

        Assert.Equal("expired", await OneOutcomeAsync(session, pay, sweep));
    }

    /// <summary>B's sweep has expired the session and is finishing its write when the buyer pays on A, whose clock says the
    /// session is still open: the payment waits for the session's row, then finds it expired and charges nothing.</summary>
    [Fact]
    public async Task PaymentArrivingWhileTheSweepHoldsTheSession_IsRefused_AndTheSessionEndsExpired()
    {
        var session = await SessionAsync();
        ClocksAroundTheExpiry();
        Task<int> sweep;
        Task<HttpResponseMessage> pay;
        await using (var held = await _database.HoldWritesAsync("Events"))
        {
            sweep = _b.SweepExpiredAsync(); // expires the session, then waits to record checkout.session.expired
            await held.WaitForWaitersAsync(1, "INSERT INTO \"Events\"");
            pay = _onA.PayWithTestHelperAsync(session);
            await held.WaitForWaitersAsync(1, "UPDATE \"CheckoutSessions\"");
        }

        Assert.Equal("expired", await OneOutcomeAsync(session, pay, sweep));
    }

    /// <summary>The payment on A has taken the session's row and is finishing its write when B's sweep, its clock past the
    /// session's expiry, comes by: the sweep leaves the session to the payment, and the session ends complete.</summary>
    [Fact]
    public async Task SweepArrivingWhileThePaymentHoldsTheSession_LeavesIt_AndTheSessionEndsComplete()
    {
        var session = await SessionAsync();
        ClocksAroundTheExpiry();
        Task<HttpResponseMessage> pay;
        Task<int> sweep;
        await using (var held = await _database.HoldWritesAsync("PaymentIntents"))
        {
            pay = _onA.PayWithTestHelperAsync(session); // takes the session's row, then waits to store its payment intent
            await held.WaitForWaitersAsync(1, "INSERT INTO \"PaymentIntents\"");
            sweep = _b.SweepExpiredAsync();
            // The sweep passes over the session; one that waited for the payment's row instead would be seen waiting.
            var deadline = DateTime.UtcNow + Bound;
            while (!sweep.IsCompleted && await held.CountWaitersAsync("\"CheckoutSessions\"") == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "The sweep neither ended nor waited for the session.");
                await Task.Delay(20);
            }
        }

        Assert.Equal("complete", await OneOutcomeAsync(session, pay, sweep));
    }

    /// <summary>Twenty sessions, each paid on A while B (its clock past the session's expiry, A's not) sweeps, with nothing
    /// held: the two start in either order and at varied spacing, and every session ends in one outcome.</summary>
    [Fact]
    public async Task PaymentRacingTheSweep_WithNothingHeld_EndsInOneOutcome_EveryTime()
    {
        static async Task<T> After<T>(TimeSpan delay, Func<Task<T>> start)
        {
            await Task.Delay(delay); // spacing, to vary the interleaving: nothing to wait for
            return await start();
        }

        var outcomes = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var session = await SessionAsync();
            ClocksAroundTheExpiry();
            var spacing = TimeSpan.FromMilliseconds(i / 2 % 5 * 2);
            var (pay, sweep) = i % 2 == 0
                ? (_onA.PayWithTestHelperAsync(session), After(spacing, _b.SweepExpiredAsync))
                : (After(spacing, () => _onA.PayWithTestHelperAsync(session)), _b.SweepExpiredAsync());
            outcomes.Add(await OneOutcomeAsync(session, pay, sweep));
        }

        output.WriteLine(string.Join(", ", outcomes.GroupBy(o => o).Select(g => $"{g.Count()} {g.Key}")));
    }
}
