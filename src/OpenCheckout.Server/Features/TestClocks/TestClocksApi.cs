using Microsoft.EntityFrameworkCore;
using OpenCheckout.Ids;
using OpenCheckout.Wire;
using OpenCheckout.Server.Features.Customers;
using OpenCheckout.Server.Features.Sessions;
using OpenCheckout.Server.Features.Subscriptions;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;
using OpenCheckout.Server.Infrastructure.Http;
using OpenCheckout.Server.Infrastructure.Idempotency;

namespace OpenCheckout.Server.Features.TestClocks;

/// <summary>Test clocks (contract section 13), test mode only: as in Stripe, they do not exist in live mode, so a live key gets
/// the test helpers' 404. An advance answers at once with status advancing; <see cref="TestClockAdvancer"/> does the rest.</summary>
static class TestClocksApi
{
    /// <summary>How far one advance may move a clock (Stripe bounds an advance too).</summary>
    public const int MaxAdvanceYears = 2;

    /// <summary>Frozen times from 1970 to the year 9000, so an advance's bound stays a valid time.</summary>
    const long LatestTime = 221845392000;

    public static void MapTestClocks(this IEndpointRouteBuilder v1)
    {
        var group = v1.MapGroup("/test_helpers/test_clocks").WithTags("Test Clocks");
        group.MapPost("/", Create)
            .WithName("CreateTestClock")
            .Answers<TestClockEnvelope>()
            .Takes<CreateTestClockRequest>()
            .WithSummary("Create a test clock frozen at frozen_time (test mode only).");
        group.MapGet("/", List)
            .WithName("ListTestClocks")
            .Answers<TestClockList>()
            .Lists()
            .WithSummary("List test clocks, newest first.");
        group.MapGet("/{id}", Get)
            .WithName("GetTestClock")
            .Answers<TestClockEnvelope>()
            .WithSummary("Retrieve a test clock: status advancing while an advance runs, then ready.");
        group.MapDelete("/{id}", Delete)
            .WithName("DeleteTestClock")
            .Answers<DeletedTestClockEnvelope>()
            .WithSummary("Delete a test clock with its customers, their subscriptions and invoices; their open sessions are expired.");
        group.MapPost("/{id}/advance", Advance)
            .WithName("AdvanceTestClock")
            .Answers<TestClockEnvelope>()
            .Takes<AdvanceTestClockRequest>()
            .WithSummary("Start moving a test clock forward to frozen_time (at most two years); answers at once with status advancing.");
    }

    static async Task<IResult> Create(HttpContext http, Merchant merchant, TimeProvider clock)
    {
        if (!merchant.TestMode) return ApiErrors.TestModeOnly().ToResult();
        var (fields, error) = await RequestBody.ReadAsync(http, "test_clock");
        if (error is not null) return error.ToResult();
        var frozen = fields!.Integer("frozen_time", required: true, min: 0, max: LatestTime);
        var name = fields.String("name", TestClock.NameLength);
        fields.Ignore("test_clock_id", "id", "object", "status", "created_at", "created", "test_mode", "livemode");
        fields.RejectUnknown();
        if (fields.HasErrors) return ApiErrors.Invalid(fields.Errors).ToResult();

        var now = clock.GetUtcNow();
        var testClock = new TestClock
        {
            Id = ObjectId.New(ObjectId.TestClock, now), AccountId = merchant.AccountId, TestMode = true, Name = name,
            FrozenTime = Unix.ToUtc(frozen!.Value), Status = TestClockStatus.Ready, CreatedAt = now.UtcDateTime,
        };
        return await http.WriteAsync((db, ct) =>
        {
            db.TestClocks.Add(testClock);
            return Task.FromResult(Respond(testClock));
        });
    }

    static async Task<IResult> Get(string id, Merchant merchant, CheckoutDb db, CancellationToken ct)
    {
        if (!merchant.TestMode) return ApiErrors.TestModeOnly().ToResult();
        var testClock = await db.TestClocks.AsNoTracking().OwnedBy(merchant).FirstOrDefaultAsync(c => c.Id == id, ct);
        return testClock is null
            ? ApiErrors.NotFound("test clock", id).ToResult()
            : WireResults.Json(new TestClockEnvelope(testClock.ToWire()), WireJson.Default.TestClockEnvelope);
    }

    static async Task<IResult> List(HttpContext http, Merchant merchant, CheckoutDb db, CancellationToken ct)
    {
        if (!merchant.TestMode) return ApiErrors.TestModeOnly().ToResult();
        var (paging, error) = ListParams.Parse(http.Request.Query);
        if (error is not null) return error.ToResult();
        var (items, hasMore) = await db.TestClocks.AsNoTracking().OwnedBy(merchant).PageAsync(paging!, ct);
        return WireResults.Page(items.Select(c => c.ToWire()).ToList(), hasMore, (page, more) => new TestClockList(page, more),
            WireJson.Default.TestClockList);
    }

    /// <summary>Stripe deletes what hangs off a clock with it: here its customers are deleted (as the customers API deletes) and
    /// their open sessions expired (with <c>checkout.session.expired</c>, at the clock's time), so no buyer can pay on a clock
    /// that is gone. Paid sessions, payment intents and disputes stay, judged in real time from then on.</summary>
    static async Task<IResult> Delete(string id, HttpContext http, Merchant merchant, SessionExpiry expiry, TimeProvider clock)
    {
        if (!merchant.TestMode) return ApiErrors.TestModeOnly().ToResult();
        var (_, error) = await RequestBody.ReadAsync(http, "test_clock");
        if (error is not null) return error.ToResult();
        var now = clock.GetUtcNow().UtcDateTime;
        return await http.WriteAsync(async (db, ct) =>
        {
            var testClock = await db.TestClocks.AsNoTracking().OwnedBy(merchant).FirstOrDefaultAsync(c => c.Id == id, ct);
            if (testClock is null) return ApiErrors.NotFound("test clock", id).ToResponse();
            var frozen = new DateTimeOffset(DateTime.SpecifyKind(testClock.FrozenTime, DateTimeKind.Utc));
            while ((await expiry.ExpireAsync(db, db.CheckoutSessions.Where(s => s.TestClockId == id), frozen, ct)).Count == SessionExpiry.BatchSize) { }
            await db.Customers.Where(c => c.TestClockId == id && c.DeletedAt == null).ExecuteUpdateAsync(u => u.SetProperty(c => c.DeletedAt, now), ct);
            // Their subscriptions and invoices go with them (as Stripe's do): nothing is left to renew on a clock that is gone.
            await db.Invoices.Where(i => i.TestClockId == id).ExecuteDeleteAsync(ct);
            await db.Subscriptions.Where(s => s.TestClockId == id).ExecuteDeleteAsync(ct);
            // An advance still running finds the row gone and stops.
            await db.TestClocks.Where(c => c.Id == id).ExecuteDeleteAsync(ct);
            return ApiResponse.Json(new DeletedTestClockEnvelope(testClock.ToWire(), Deleted: true), WireJson.Default.DeletedTestClockEnvelope);
        });
    }

    static async Task<IResult> Advance(string id, HttpContext http, Merchant merchant, TestClockSignal signal)
    {
        if (!merchant.TestMode) return ApiErrors.TestModeOnly().ToResult();
        var (fields, error) = await RequestBody.ReadAsync(http, "test_clock");
        if (error is not null) return error.ToResult();
        var target = fields!.Integer("frozen_time", required: true, min: 0, max: LatestTime);
        fields.RejectUnknown();
        if (fields.HasErrors) return ApiErrors.Invalid(fields.Errors).ToResult();
        var to = Unix.ToUtc(target!.Value);
        return await http.WriteAsync(async (db, ct) =>
        {
            var testClock = await db.TestClocks.AsNoTracking().OwnedBy(merchant).FirstOrDefaultAsync(c => c.Id == id, ct);
            if (testClock is null) return ApiErrors.NotFound("test clock", id).ToResponse();
            if (testClock.Status == TestClockStatus.Advancing) return Advancing(id).ToResponse();
            if (to <= testClock.FrozenTime)
                return ApiErrors.Invalid("frozen_time", "test_clock_backwards",
                    $"frozen_time must be after the clock's frozen_time ({Unix.Seconds(testClock.FrozenTime)}): a test clock only moves forward.").ToResponse();
            if (to > testClock.FrozenTime.AddYears(MaxAdvanceYears))
                return ApiErrors.Invalid("frozen_time", "parameter_out_of_range",
                    $"A test clock advances at most {MaxAdvanceYears} years at a time: frozen_time must be at most {Unix.Seconds(testClock.FrozenTime.AddYears(MaxAdvanceYears))}.").ToResponse();
            // Conditional: of two advances racing (on any nodes), one starts; the other is told the clock is advancing.
            var started = await db.TestClocks.Where(c => c.Id == id && c.Status == TestClockStatus.Ready && c.FrozenTime == testClock.FrozenTime)
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.Status, TestClockStatus.Advancing).SetProperty(c => c.AdvanceTo, to), ct);
            if (started == 0) return Advancing(id).ToResponse();
            signal.WakeOnCommit(db);
            testClock.Status = TestClockStatus.Advancing;
            return Respond(testClock);
        });
    }

    static ApiError Advancing(string id) =>
        ApiErrors.StateConflict("test_clock_advancing", $"Test clock {id} is advancing: wait until its status is ready, then advance it again.");

    static ApiResponse Respond(TestClock testClock) =>
        ApiResponse.Json(new TestClockEnvelope(testClock.ToWire()), WireJson.Default.TestClockEnvelope);
}
