using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenCheckout.Server.Features.TestClocks;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Tests.Features.Refunds;
using OpenCheckout.Server.Tests.Pages;

namespace OpenCheckout.Server.Tests.Features.TestClocks;

/// <summary>Test clocks (contract section 13): the API's shapes and refusals, customers and sessions on a clock, and what an
/// advance runs at the clock's time while the real-time workers leave clocked objects alone.</summary>
public abstract class TestClocksTests(DatabaseProvider provider) : IAsyncLifetime
{
    readonly TestApp _app = new(provider);
    TestMerchant _merchant = null!;

    /// <summary>A clock ten days behind the server's (fake) time: anything judged on real time instead would already be past due.</summary>
    static readonly DateTimeOffset ClockStart = TestApp.Start.AddDays(-10);

    public async Task InitializeAsync() => _merchant = await _app.CreateMerchantAsync("Clock shop");

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Create_Get_List_Delete_HaveTheContractShapes()
    {
        var created = await Clocks.CreateAsync(_merchant, ClockStart, name: "Renewals");
        var id = created.GetProperty("test_clock_id").GetString()!;
        Assert.StartsWith("fclock_", id);
        Assert.Equal("Renewals", created.GetProperty("name").GetString());
        Assert.Equal(ClockStart.ToUnixTimeSeconds(), created.GetProperty("frozen_time").GetInt64());
        Assert.Equal("ready", created.GetProperty("status").GetString());
        Assert.Equal(TestApp.Start.ToUnixTimeSeconds(), created.GetProperty("created_at").GetInt64());
        Assert.True(created.GetProperty("test_mode").GetBoolean());

        using var api = _merchant.Api();
        _app.Clock.Advance(TimeSpan.FromSeconds(1)); // ids order by creation time, to the millisecond
        // The fields may also come without the envelope, as in every other create.
        var flat = await api.PostJsonAsync("/v1/test_helpers/test_clocks", $$"""{"frozen_time":{{ClockStart.ToUnixTimeSeconds()}}}""");
        Assert.Equal(HttpStatusCode.OK, flat.StatusCode);
        var unnamed = (await flat.ReadJsonAsync()).GetProperty("test_clock");
        Assert.Equal(JsonValueKind.Null, unnamed.GetProperty("name").ValueKind);

        Assert.Equal(created.GetRawText(), (await Clocks.GetAsync(_merchant, id)).GetRawText());
        var listed = await api.ListAsync("/v1/test_helpers/test_clocks", "test_clocks");
        Assert.Equal([unnamed.GetProperty("test_clock_id").GetString(), id], listed.Select(c => c.GetProperty("test_clock_id").GetString()));

        var deleted = await api.DeleteAsync($"/v1/test_helpers/test_clocks/{id}");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        var body = await deleted.ReadJsonAsync();
        Assert.True(body.GetProperty("deleted").GetBoolean());
        Assert.Equal(id, body.GetProperty("test_clock").GetProperty("test_clock_id").GetString());
        await ApiAssert.ErrorAsync(await api.GetAsync($"/v1/test_helpers/test_clocks/{id}"), HttpStatusCode.NotFound, "invalid_request_error", "resource_missing");
        Assert.Single(await api.ListAsync("/v1/test_helpers/test_clocks", "test_clocks"));
    }

    [Fact]
    public async Task BadInputs_AreRefusedInTheErrorShape_AndChangeNothing()
    {
        using var api = _merchant.Api();
        await ApiAssert.ErrorAsync(await api.PostJsonAsync("/v1/test_helpers/test_clocks", """{"test_clock":{"name":"no time"}}"""),
            HttpStatusCode.BadRequest, "invalid_request_error", "parameter_missing");
        await ApiAssert.ErrorAsync(await api.PostJsonAsync("/v1/test_helpers/test_clocks", """{"frozen_time":1700000000,"speed":2}"""),
            HttpStatusCode.BadRequest, "invalid_request_error", "parameter_unknown", "speed");
        await ApiAssert.ErrorAsync(await api.PostJsonAsync("/v1/test_helpers/test_clocks", """{"frozen_time":"soon"}"""),
            HttpStatusCode.BadRequest, "invalid_request_error", "parameter_invalid_integer", "frozen_time");
        Assert.Empty(await api.ListAsync("/v1/test_helpers/test_clocks", "test_clocks"));

        // Test clocks do not exist in live mode (Stripe's rule): the test helpers' 404.
        using var live = _merchant.Api(live: true);
        await ApiAssert.ErrorAsync(await live.PostJsonAsync("/v1/test_helpers/test_clocks", """{"frozen_time":1700000000}"""),
            HttpStatusCode.NotFound, "invalid_request_error", "resource_missing");
        await ApiAssert.ErrorAsync(await live.GetAsync("/v1/test_helpers/test_clocks"), HttpStatusCode.NotFound, "invalid_request_error", "resource_missing");

        var id = (await Clocks.CreateAsync(_merchant, ClockStart)).GetProperty("test_clock_id").GetString()!;
        await ApiAssert.ErrorAsync(await Clocks.AdvanceAsync(_merchant, id, ClockStart.AddSeconds(-1)),
            HttpStatusCode.BadRequest, "invalid_request_error", "test_clock_backwards", "frozen_time");
        await ApiAssert.ErrorAsync(await Clocks.AdvanceAsync(_merchant, id, ClockStart),
            HttpStatusCode.BadRequest, "invalid_request_error", "test_clock_backwards", "frozen_time");
        await ApiAssert.ErrorAsync(await Clocks.AdvanceAsync(_merchant, id, ClockStart.AddYears(2).AddSeconds(1)),
            HttpStatusCode.BadRequest, "invalid_request_error", "parameter_out_of_range", "frozen_time");
        await ApiAssert.ErrorAsync(await api.PostJsonAsync($"/v1/test_helpers/test_clocks/{id}/advance", """{"frozen_time":1,"name":"x"}"""),
            HttpStatusCode.BadRequest, "invalid_request_error", "parameter_unknown", "name");
        var unchanged = await Clocks.GetAsync(_merchant, id);
        Assert.Equal(ClockStart.ToUnixTimeSeconds(), unchanged.GetProperty("frozen_time").GetInt64());
        Assert.Equal("ready", unchanged.GetProperty("status").GetString());

        // Another account's clock is not found, whatever is asked of it.
        var other = await _app.CreateMerchantAsync("Other shop");
        using var otherApi = other.Api();
        await ApiAssert.ErrorAsync(await otherApi.GetAsync($"/v1/test_helpers/test_clocks/{id}"), HttpStatusCode.NotFound, "invalid_request_error", "resource_missing");
        await ApiAssert.ErrorAsync(await Clocks.AdvanceAsync(other, id, ClockStart.AddDays(1)), HttpStatusCode.NotFound, "invalid_request_error", "resource_missing");
        await ApiAssert.ErrorAsync(await otherApi.DeleteAsync($"/v1/test_helpers/test_clocks/{id}"), HttpStatusCode.NotFound, "invalid_request_error", "resource_missing");
        await ApiAssert.ErrorAsync(await otherApi.PostJsonAsync("/v1/customers", $$"""{"email":"x@example.com","test_clock":"{{id}}"}"""),
            HttpStatusCode.UnprocessableEntity, "invalid_request_error", "test_clock_not_found", "test_clock");
        Assert.Equal("ready", (await Clocks.GetAsync(_merchant, id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Customer_OnAClock_ShowsIt_IsMadeAtItsTime_AndKeepsIt()
    {
        var clockId = (await Clocks.CreateAsync(_merchant, ClockStart)).GetProperty("test_clock_id").GetString()!;
        using var api = _merchant.Api();

        var customerId = await Clocks.CustomerAsync(_merchant, clockId);
        var customer = (await (await api.GetAsync($"/v1/customers/{customerId}")).ReadJsonAsync()).GetProperty("customer");
        Assert.Equal(clockId, customer.GetProperty("test_clock").GetString());
        Assert.Equal(ClockStart.ToUnixTimeSeconds(), customer.GetProperty("created_at").GetInt64());

        var plain = await (await api.PostJsonAsync("/v1/customers", """{"email":"plain@example.com"}""")).ReadJsonAsync();
        Assert.Equal(JsonValueKind.Null, plain.GetProperty("customer").GetProperty("test_clock").ValueKind);

        // Fixed once made: an update naming a clock is refused, and the customer keeps its own.
        await ApiAssert.ErrorAsync(await api.PostJsonAsync($"/v1/customers/{customerId}", """{"test_clock":null}"""),
            HttpStatusCode.BadRequest, "invalid_request_error", "parameter_unknown", "test_clock");
        await ApiAssert.ErrorAsync(await api.PostJsonAsync("/v1/customers", """{"email":"y@example.com","test_clock":"fclock_nope"}"""),
            HttpStatusCode.UnprocessableEntity, "invalid_request_error", "test_clock_not_found", "test_clock");
        using var live = _merchant.Api(live: true);
        await ApiAssert.ErrorAsync(await live.PostJsonAsync("/v1/customers", $$"""{"email":"z@example.com","test_clock":"{{clockId}}"}"""),
            HttpStatusCode.BadRequest, "invalid_request_error", "test_mode_only", "test_clock");
        Assert.Equal(clockId, (await (await api.GetAsync($"/v1/customers/{customerId}")).ReadJsonAsync()).GetProperty("customer").GetProperty("test_clock").GetString());
    }

    [Fact]
    public async Task Session_OnAClockedCustomer_ExpiresOnlyWhenTheClockPassesItsExpiry()
    {
        var clockId = (await Clocks.CreateAsync(_merchant, ClockStart)).GetProperty("test_clock_id").GetString()!;
        var customerId = await Clocks.CustomerAsync(_merchant, clockId);
        var price = await _merchant.CreatePriceAsync(1500);

        // One minute is under the 30-minute floor of real-time sessions; on a clock it is accepted.
        var created = await Clocks.SessionAsync(_merchant, price, customerId, expiresAt: ClockStart.AddMinutes(1));
        var sessionId = created.Id();
        Assert.Equal(ClockStart.ToUnixTimeSeconds(), created.GetProperty("created_at").GetInt64());
        Assert.Equal(ClockStart.AddMinutes(1).ToUnixTimeSeconds(), created.GetProperty("expires_at").GetInt64());
        Assert.Equal("open", created.Status());

        // Real time is ten days past the session's expiry: it stays open, and the real-time sweeper leaves it alone.
        _app.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await _app.SweepExpiredAsync());
        Assert.Equal("open", (await _merchant.GetSessionAsync(sessionId)).Status());
        Assert.Equal("open", (await _merchant.SessionsAsync()).Single(s => s.Id() == sessionId).Status());
        Assert.Equal([sessionId], (await _merchant.SessionsAsync("?status=open")).Select(s => s.Id()));
        Assert.Empty(await _merchant.SessionsAsync("?status=expired"));
        Assert.Empty(await Paid.EventsAsync(_merchant, "checkout.session.expired"));

        var ready = await Clocks.AdvanceAndWaitAsync(_merchant, clockId, ClockStart.AddMinutes(2));

        Assert.Equal(ClockStart.AddMinutes(2).ToUnixTimeSeconds(), ready.GetProperty("frozen_time").GetInt64());
        Assert.Equal("expired", (await _merchant.GetSessionAsync(sessionId)).Status());
        Assert.Equal([sessionId], (await _merchant.SessionsAsync("?status=expired")).Select(s => s.Id()));
        Assert.Empty(await _merchant.SessionsAsync("?status=open"));
        var expired = Assert.Single(await Paid.EventsAsync(_merchant, "checkout.session.expired"));
        Assert.Equal(sessionId, expired.GetProperty("object").GetProperty("checkout_session").Id());
        // Event times stay real time: receivers check them against their own clocks.
        Assert.Equal(_app.Clock.GetUtcNow().ToUnixTimeSeconds(), expired.GetProperty("event_dt").GetInt64());
        Assert.Equal(HttpStatusCode.Conflict, (await _merchant.PayWithTestHelperAsync(sessionId)).StatusCode);
    }

    [Fact]
    public async Task Session_OnAClockedCustomer_RefusesAnExpiryAtOrBeforeTheClocksTime()
    {
        var clockId = (await Clocks.CreateAsync(_merchant, ClockStart)).GetProperty("test_clock_id").GetString()!;
        var customerId = await Clocks.CustomerAsync(_merchant, clockId);
        var price = await _merchant.CreatePriceAsync(1500);

        await ApiAssert.ErrorAsync(await Clocks.SessionResponseAsync(_merchant, price, customerId, expiresAt: ClockStart),
            HttpStatusCode.BadRequest, "invalid_request_error", "parameter_out_of_range", "expires_at");
        await ApiAssert.ErrorAsync(await Clocks.SessionResponseAsync(_merchant, price, customerId, expiresAt: ClockStart.AddHours(24).AddSeconds(1)),
            HttpStatusCode.BadRequest, "invalid_request_error", "parameter_out_of_range", "expires_at");
        Assert.Empty(await _merchant.SessionsAsync());
    }

    [Fact]
    public async Task Authorization_OnAClock_LapsesOnlyWhenTheClockPassesSevenDays()
    {
        var clockId = (await Clocks.CreateAsync(_merchant, ClockStart)).GetProperty("test_clock_id").GetString()!;
        var customerId = await Clocks.CustomerAsync(_merchant, clockId);
        var session = await Clocks.SessionAsync(_merchant, await _merchant.CreatePriceAsync(4200), customerId, manual: true);
        var paid = await Paid.PayAsync(_merchant, session.Id());
        string IntentStatus(JsonElement[] intents) => Assert.Single(intents).GetProperty("status").GetString()!;

        // Real time moves eight days: the real-time worker does not touch an authorization on a clock.
        _app.Clock.Advance(TimeSpan.FromDays(8));
        Assert.Equal(0, await _app.LapseDueAuthorizationsAsync());
        await Clocks.AdvanceAndWaitAsync(_merchant, clockId, ClockStart.AddDays(6));
        Assert.Equal("requires_capture", IntentStatus(await _merchant.PaymentIntentsOfAsync(session.Id())));
        Assert.Empty(await Paid.EventsAsync(_merchant, "charge.expired"));

        await Clocks.AdvanceAndWaitAsync(_merchant, clockId, ClockStart.AddDays(7).AddMinutes(1));

        Assert.Equal("canceled", IntentStatus(await _merchant.PaymentIntentsOfAsync(session.Id())));
        var expired = Assert.Single(await Paid.EventsAsync(_merchant, "charge.expired"));
        Assert.Equal(paid.PaymentIntentId, expired.GetProperty("object").GetProperty("charge").GetProperty("payment_intent").GetString());
        Assert.Single(await Paid.EventsAsync(_merchant, "payment_intent.canceled"));
    }

    [Fact]
    public async Task HostedPage_ForAClockedSession_JudgesItAtTheClocksTime()
    {
        var clockId = (await Clocks.CreateAsync(_merchant, ClockStart)).GetProperty("test_clock_id").GetString()!;
        var customerId = await Clocks.CustomerAsync(_merchant, clockId);
        var session = await Clocks.SessionAsync(_merchant, await _merchant.CreatePriceAsync(1500), customerId, expiresAt: ClockStart.AddMinutes(1));
        using var page = new HostedPageClient(_app.BaseAddress);

        // Its expiry is ten days in the real past, but not yet in the clock's.
        var open = await (await page.GetAsync(session.Id())).Content.ReadAsStringAsync();
        Assert.Contains("<form", open);
        Assert.DoesNotContain("This checkout has expired", open);

        await Clocks.AdvanceAndWaitAsync(_merchant, clockId, ClockStart.AddMinutes(1));

        Assert.Contains("This checkout has expired", await (await page.GetAsync(session.Id())).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Dispute_OnAClock_OpensWhenTheClockPassesItsDelay_NotInRealTime()
    {
        var clockId = (await Clocks.CreateAsync(_merchant, ClockStart)).GetProperty("test_clock_id").GetString()!;
        var customerId = await Clocks.CustomerAsync(_merchant, clockId);
        var session = await Clocks.SessionAsync(_merchant, await _merchant.CreatePriceAsync(6400), customerId);
        await Paid.PayAsync(_merchant, session.Id(), card: "4000000000000259");

        _app.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await _app.OpenDueDisputesAsync());
        Assert.Empty(await Paid.EventsAsync(_merchant, "charge.dispute.created"));

        await Clocks.AdvanceAndWaitAsync(_merchant, clockId, ClockStart.AddMinutes(1)); // past Disputes:Delay, 30 s

        var created = Assert.Single(await Paid.EventsAsync(_merchant, "charge.dispute.created"));
        Assert.Equal(ClockStart.AddSeconds(30).ToUnixTimeSeconds(),
            created.GetProperty("object").GetProperty("dispute").GetProperty("created_at").GetInt64());
        Assert.Single(await Paid.EventsAsync(_merchant, "charge.dispute.funds_withdrawn"));
    }

    [Fact]
    public async Task TwoAdvances_AtOnce_OneStarts_AndEachSessionExpiresOnce()
    {
        var clockId = (await Clocks.CreateAsync(_merchant, ClockStart)).GetProperty("test_clock_id").GetString()!;
        var customerId = await Clocks.CustomerAsync(_merchant, clockId);
        var price = await _merchant.CreatePriceAsync(900);
        var sessions = new List<string>();
        for (var minutes = 1; minutes <= 3; minutes++)
            sessions.Add((await Clocks.SessionAsync(_merchant, price, customerId, expiresAt: ClockStart.AddMinutes(minutes))).Id());

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Clocks.AdvanceAsync(_merchant, clockId, ClockStart.AddHours(1))));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.OK))
            await ApiAssert.ErrorAsync(refused, HttpStatusCode.Conflict, "invalid_request_error", "test_clock_advancing");
        var ready = await Clocks.WaitReadyAsync(_merchant, clockId);
        Assert.Equal(ClockStart.AddHours(1).ToUnixTimeSeconds(), ready.GetProperty("frozen_time").GetInt64());
        var expired = await Paid.EventsAsync(_merchant, "checkout.session.expired");
        // Newest first; the sessions expired in their clock order, one event each.
        Assert.Equal(sessions.AsEnumerable().Reverse(), expired.Select(e => e.GetProperty("object").GetProperty("checkout_session").Id()));
    }

    /// <summary>A node died in the middle of a step: it had moved the clock two minutes on, claimed it until a moment ago, and
    /// expired nothing. The next advancer to look resumes from there: what was due by the time reached, and what falls due
    /// after it, each expires once.</summary>
    [Fact]
    public async Task AnAdvance_LeftByADeadNode_IsResumedFromTheTimeItReached()
    {
        var clockId = (await Clocks.CreateAsync(_merchant, ClockStart)).GetProperty("test_clock_id").GetString()!;
        var customerId = await Clocks.CustomerAsync(_merchant, clockId);
        var price = await _merchant.CreatePriceAsync(900);
        var sessions = new List<string>();
        for (var minutes = 1; minutes <= 3; minutes++)
            sessions.Add((await Clocks.SessionAsync(_merchant, price, customerId, expiresAt: ClockStart.AddMinutes(minutes))).Id());
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CheckoutDb>();
            var (reached, target, leaseEnded) = (ClockStart.AddMinutes(2).UtcDateTime, ClockStart.AddHours(1).UtcDateTime, DateTime.UtcNow.AddSeconds(-1));
            await db.TestClocks.Where(c => c.Id == clockId).ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, TestClockStatus.Advancing)
                .SetProperty(c => c.FrozenTime, reached).SetProperty(c => c.AdvanceTo, target)
                .SetProperty(c => c.LockedBy, "ni_gone").SetProperty(c => c.LockedUntil, leaseEnded));
        }

        await _app.Services.GetRequiredService<TestClockAdvancer>().AdvanceNextAsync(CancellationToken.None);

        var ready = await Clocks.WaitReadyAsync(_merchant, clockId);
        Assert.Equal(ClockStart.AddHours(1).ToUnixTimeSeconds(), ready.GetProperty("frozen_time").GetInt64());
        var expired = await Paid.EventsAsync(_merchant, "checkout.session.expired");
        Assert.Equal(sessions.Order(), expired.Select(e => e.GetProperty("object").GetProperty("checkout_session").Id()).Order());
    }

    [Fact]
    public async Task DeletingAClock_DeletesItsCustomers_AndExpiresTheirOpenSessions()
    {
        var clockId = (await Clocks.CreateAsync(_merchant, ClockStart)).GetProperty("test_clock_id").GetString()!;
        var customerId = await Clocks.CustomerAsync(_merchant, clockId);
        var session = await Clocks.SessionAsync(_merchant, await _merchant.CreatePriceAsync(700), customerId);
        using var api = _merchant.Api();

        Assert.Equal(HttpStatusCode.OK, (await api.DeleteAsync($"/v1/test_helpers/test_clocks/{clockId}")).StatusCode);

        await ApiAssert.ErrorAsync(await api.GetAsync($"/v1/customers/{customerId}"), HttpStatusCode.NotFound, "invalid_request_error", "resource_missing");
        Assert.Equal("expired", (await _merchant.GetSessionAsync(session.Id())).Status());
        Assert.Single(await Paid.EventsAsync(_merchant, "checkout.session.expired"));
        // The email is free again, for a customer on no clock.
        Assert.Equal(HttpStatusCode.OK, (await api.PostJsonAsync("/v1/customers", """{"email":"clocked@example.com"}""")).StatusCode);
    }
}

public sealed class TestClocksTestsOnSqlite() : TestClocksTests(DatabaseProvider.Sqlite);
public sealed class TestClocksTestsOnPostgres() : TestClocksTests(DatabaseProvider.Postgres);
