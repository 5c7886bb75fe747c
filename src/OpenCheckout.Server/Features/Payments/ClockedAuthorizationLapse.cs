using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Time;

namespace OpenCheckout.Server.Features.Payments;

/// <summary>The authorization lapse of a test clock's payments, run as the clock advances: the worker's batch on the clock's
/// payment intents at the clock's time.</summary>
sealed class ClockedAuthorizationLapse(CaptureService captures, IOptions<OpenCheckoutOptions> options) : IClockedWork
{
    TimeSpan Lifetime => options.Value.Captures.AuthorizationLifetime;

    public async Task<DateTime?> NextDueAsync(CheckoutDb db, string testClockId, DateTime after, CancellationToken ct)
    {
        var authorizedAfter = after - Lifetime;
        var first = await db.PaymentIntents
            .Where(p => p.TestClockId == testClockId && p.Status == PaymentIntentStatus.RequiresCapture && p.AuthorizedAt > authorizedAfter && p.TestMode)
            .MinAsync(p => p.AuthorizedAt, ct);
        return first + Lifetime;
    }

    public Task<int> RunDueAsync(CheckoutDb db, string testClockId, DateTimeOffset now, CancellationToken ct) =>
        AuthorizationLapseWorker.LapseBatchAsync(db, captures,
            AuthorizationLapseWorker.DueBy(db.PaymentIntents.Where(p => p.TestClockId == testClockId), now, Lifetime), now, ct);
}
