using OpenCheckout.Client.Http;

namespace OpenCheckout.Client;

/// <summary>One page of a list: the items (newest first) and whether more follow.</summary>
public sealed record ListPage<T>(IReadOnlyList<T> Data, bool HasMore);

/// <summary>Paging for every list: <c>limit</c> (1–100, server default 10) and one of the <c>starting_after</c> /
/// <c>ending_before</c> cursors (object ids).</summary>
public record ListOptions
{
    public int? Limit { get; set; }
    public string? StartingAfter { get; set; }
    public string? EndingBefore { get; set; }

    internal QueryBuilder ToQuery()
    {
        var query = new QueryBuilder().Add("limit", Limit).Add("starting_after", StartingAfter).Add("ending_before", EndingBefore);
        AddFilters(query);
        return query;
    }

    private protected virtual void AddFilters(QueryBuilder query)
    {
    }
}

public sealed record ProductListOptions : ListOptions
{
    public bool? Active { get; set; }

    private protected override void AddFilters(QueryBuilder query) => query.Add("active", Active);
}

public sealed record CouponListOptions : ListOptions;

public sealed record PromoCodeListOptions : ListOptions
{
    /// <summary>Matched regardless of case.</summary>
    public string? Code { get; set; }
    public bool? Active { get; set; }
    public string? Coupon { get; set; }

    private protected override void AddFilters(QueryBuilder query) => query.Add("code", Code).Add("active", Active).Add("coupon", Coupon);
}

public sealed record ShippingRateListOptions : ListOptions
{
    public bool? Active { get; set; }

    private protected override void AddFilters(QueryBuilder query) => query.Add("active", Active);
}

public sealed record PriceListOptions : ListOptions
{
    public string? Product { get; set; }
    public bool? Active { get; set; }

    private protected override void AddFilters(QueryBuilder query) => query.Add("product", Product).Add("active", Active);
}

public sealed record CheckoutSessionListOptions : ListOptions
{
    /// <summary><c>open</c>, <c>complete</c> or <c>expired</c> (see <c>OpenCheckout.Sessions.SessionStatus</c>).</summary>
    public string? Status { get; set; }
    public string? ClientReferenceId { get; set; }
    /// <summary>Only sessions made by visits to this payment link (<c>fplink_</c>).</summary>
    public string? PaymentLink { get; set; }
    public DateTimeOffset? CreatedGte { get; set; }
    public DateTimeOffset? CreatedLte { get; set; }

    private protected override void AddFilters(QueryBuilder query) => query.Add("status", Status)
        .Add("client_reference_id", ClientReferenceId).Add("payment_link", PaymentLink).Add("created[gte]", CreatedGte).Add("created[lte]", CreatedLte);
}

public sealed record PaymentIntentListOptions : ListOptions
{
    public string? CheckoutSession { get; set; }
    public string? Customer { get; set; }

    private protected override void AddFilters(QueryBuilder query) => query.Add("checkout_session", CheckoutSession).Add("customer", Customer);
}

public sealed record PaymentLinkListOptions : ListOptions
{
    /// <summary>Active links (null, the default, or true) or deactivated ones (false).</summary>
    public bool? Active { get; set; }

    private protected override void AddFilters(QueryBuilder query) => query.Add("active", Active is { } active ? (active ? "true" : "false") : null);
}

public sealed record CustomerListOptions : ListOptions
{
    public string? Email { get; set; }
    public DateTimeOffset? CreatedGte { get; set; }
    public DateTimeOffset? CreatedLte { get; set; }

    private protected override void AddFilters(QueryBuilder query) =>
        query.Add("email", Email).Add("created[gte]", CreatedGte).Add("created[lte]", CreatedLte);
}

public sealed record RefundListOptions : ListOptions
{
    public string? PaymentIntentId { get; set; }
    public string? CheckoutSession { get; set; }

    private protected override void AddFilters(QueryBuilder query) =>
        query.Add("payment_intent_id", PaymentIntentId).Add("checkout_session", CheckoutSession);
}

public sealed record CaptureListOptions : ListOptions
{
    public string? CheckoutSession { get; set; }
    public string? PaymentIntent { get; set; }

    private protected override void AddFilters(QueryBuilder query) => query.Add("checkout_session", CheckoutSession).Add("payment_intent", PaymentIntent);
}

public sealed record DisputeListOptions : ListOptions
{
    public string? PaymentIntent { get; set; }
    public string? CheckoutSession { get; set; }

    private protected override void AddFilters(QueryBuilder query) => query.Add("payment_intent", PaymentIntent).Add("checkout_session", CheckoutSession);
}

public sealed record EventListOptions : ListOptions
{
    /// <summary>An event type, e.g. <c>checkout.session.completed</c>.</summary>
    public string? Type { get; set; }
    public DateTimeOffset? CreatedGte { get; set; }
    public DateTimeOffset? CreatedLte { get; set; }

    private protected override void AddFilters(QueryBuilder query) =>
        query.Add("type", Type).Add("created[gte]", CreatedGte).Add("created[lte]", CreatedLte);
}

/// <summary>What <see cref="Resources.EventsClient.StreamAsync"/> asks for.</summary>
public sealed record EventStreamOptions
{
    /// <summary>Only events of these types (e.g. <c>checkout.session.completed</c>). Empty: all.</summary>
    public IReadOnlyList<string> Types { get; set; } = [];

    /// <summary>Resume after this event: the events recorded after it (at most the 1,000 newest, none older than 24 hours) come
    /// first, then new ones. Null: new events only.</summary>
    public string? LastEventId { get; set; }

    /// <summary>A connection that brings nothing for this long — not even the keep-alive the server sends every 15 s — is taken
    /// for lost (a laptop that slept, a network that dropped silently) and ends with an <see cref="IOException"/>.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    internal QueryBuilder ToQuery() => new QueryBuilder().Add("types", Types.Count == 0 ? null : string.Join(',', Types));
}

public sealed record WebhookDeliveryListOptions : ListOptions
{
    public string? EventId { get; set; }

    private protected override void AddFilters(QueryBuilder query) => query.Add("event_id", EventId);
}

public sealed record SubscriptionListOptions : ListOptions
{
    public string? Customer { get; set; }
    /// <summary>trialing, active, past_due, canceled, unpaid or incomplete.</summary>
    public string? Status { get; set; }

    private protected override void AddFilters(QueryBuilder query) => query.Add("customer", Customer).Add("status", Status);
}

public sealed record InvoiceListOptions : ListOptions
{
    public string? Customer { get; set; }
    public string? Subscription { get; set; }
    /// <summary>draft, open, paid, uncollectible or void.</summary>
    public string? Status { get; set; }

    private protected override void AddFilters(QueryBuilder query) => query.Add("customer", Customer).Add("subscription", Subscription).Add("status", Status);
}
