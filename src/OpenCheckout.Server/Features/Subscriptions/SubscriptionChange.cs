using OpenCheckout.Server.Features.Sessions;
using OpenCheckout.Server.Infrastructure.Http;

namespace OpenCheckout.Server.Features.Subscriptions;

/// <summary>An update request after field validation. Null members are left as they are; <see cref="SetCancelAt"/> says whether
/// <see cref="CancelAt"/> was sent (null then clears it).</summary>
public sealed record SubscriptionChange(
    bool? CancelAtPeriodEnd,
    bool SetCancelAt,
    DateTime? CancelAt,
    IReadOnlyList<(string PriceId, long Quantity)>? Items,
    string? DefaultPaymentMethod,
    Dictionary<string, string>? Metadata)
{
    public const int MaxItems = 20;

    /// <summary>Fields of the subscription object a client may echo back; accepted and ignored.</summary>
    static readonly string[] ReadOnlyFields =
    [
        "subscription_id", "id", "object", "customer", "status", "currency", "recurring", "current_period_start", "current_period_end",
        "canceled_at", "trial_start", "trial_end", "latest_invoice", "checkout_session", "created_at", "created", "test_mode", "livemode",
        "pending_items",
    ];

    public static SubscriptionChange? Parse(JsonFields f)
    {
        f.Ignore(ReadOnlyFields);
        var cancelAtPeriodEnd = f.Boolean("cancel_at_period_end");
        var setCancelAt = f.Contains("cancel_at");
        var cancelAt = f.Integer("cancel_at", min: 1, max: 253402300799) is { } seconds ? Unix.ToUtc(seconds) : (DateTime?)null;
        List<(string, long)>? items = null;
        if (f.Objects("items", required: false, minCount: 1, maxCount: MaxItems) is { } sent)
        {
            items = [];
            foreach (var item in sent)
            {
                item.Ignore("id", "object", "unit_amount");
                var price = item.String("price", 64, required: true);
                var quantity = item.Integer("quantity", min: 1, max: CreateSessionRequest.MaxQuantity) ?? 1;
                item.RejectUnknown();
                if (price is not null) items.Add((price, quantity));
            }
        }
        var paymentMethod = f.String("default_payment_method", 64);
        var metadata = f.Metadata("metadata");
        if (cancelAtPeriodEnd == true && cancelAt is not null)
            f.AddError("cancel_at", "parameter_conflict", "Set cancel_at_period_end or cancel_at, not both.");
        f.RejectUnknown();
        return f.HasErrors ? null : new SubscriptionChange(cancelAtPeriodEnd, setCancelAt, cancelAt, items, paymentMethod, metadata);
    }
}
