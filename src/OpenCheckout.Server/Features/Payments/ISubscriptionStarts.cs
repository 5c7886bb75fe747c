using OpenCheckout.Server.Features.Sessions;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Payments;

/// <summary>Starts what a paid subscription-mode session bought, inside the payment's unit of work, so the subscription and its
/// first invoice exist exactly when the session is complete. Implemented by Subscriptions (which depends on Payments, so
/// Payments names only this).</summary>
public interface ISubscriptionStarts
{
    /// <summary>The new subscription's id; its rows and events are added to <paramref name="db"/>, saved with the payment.</summary>
    Task<string> StartAsync(CheckoutDb db, CheckoutSession session, SessionSubscription terms, string customerId, string? paymentMethodId,
        PaymentIntent paid, DateTimeOffset now, CancellationToken ct);
}
