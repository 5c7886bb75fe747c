using OpenCheckout.Client.Http;

namespace OpenCheckout.Client;

/// <summary>One page of a list: the items (newest first) and whether more follow.</summary>
public sealed record ListPage<T>(IReadOnlyList<T> Data, bool HasMore);

/// <summary>Paging for every list: <c>limit</c> (1–100, server default 10) and one of the <c>starting_after</c> /
/// <c>ending_before</c> cursors (object ids).</summary>
public record ListOptions
{
    public int? Limit { get; init; }
    public string? StartingAfter { get; init; }
    public string? EndingBefore { get; init; }

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
    public bool? Active { get; init; }

    private protected override void AddFilters(QueryBuilder query) => query.Add("active", Active);
}

public sealed record PriceListOptions : ListOptions
{
    public string? Product { get; init; }
    public bool? Active { get; init; }

    private protected override void AddFilters(QueryBuilder query) => query.Add("product", Product).Add("active", Active);
}

public sealed record CheckoutSessionListOptions : ListOptions
{
    /// <summary><c>open</c>, <c>complete</c> or <c>expired</c> (see <c>OpenCheckout.Sessions.SessionStatus</c>).</summary>
    public string? Status { get; init; }
    public string? ClientReferenceId { get; init; }
    public DateTimeOffset? CreatedGte { get; init; }
    public DateTimeOffset? CreatedLte { get; init; }

    private protected override void AddFilters(QueryBuilder query) => query.Add("status", Status)
        .Add("client_reference_id", ClientReferenceId).Add("created[gte]", CreatedGte).Add("created[lte]", CreatedLte);
}

public sealed record PaymentIntentListOptions : ListOptions
{
    public string? CheckoutSession { get; init; }
    public string? Customer { get; init; }

    private protected override void AddFilters(QueryBuilder query) => query.Add("checkout_session", CheckoutSession).Add("customer", Customer);
}

public sealed record CustomerListOptions : ListOptions
{
    public string? Email { get; init; }

    private protected override void AddFilters(QueryBuilder query) => query.Add("email", Email);
}

public sealed record RefundListOptions : ListOptions
{
    public string? PaymentIntentId { get; init; }
    public string? CheckoutSession { get; init; }

    private protected override void AddFilters(QueryBuilder query) =>
        query.Add("payment_intent_id", PaymentIntentId).Add("checkout_session", CheckoutSession);
}

public sealed record DisputeListOptions : ListOptions
{
    public string? PaymentIntent { get; init; }
    public string? CheckoutSession { get; init; }

    private protected override void AddFilters(QueryBuilder query) => query.Add("payment_intent", PaymentIntent).Add("checkout_session", CheckoutSession);
}

public sealed record EventListOptions : ListOptions
{
    /// <summary>An event type, e.g. <c>checkout.session.completed</c>.</summary>
    public string? Type { get; init; }
    public DateTimeOffset? CreatedGte { get; init; }
    public DateTimeOffset? CreatedLte { get; init; }

    private protected override void AddFilters(QueryBuilder query) =>
        query.Add("type", Type).Add("created[gte]", CreatedGte).Add("created[lte]", CreatedLte);
}

public sealed record WebhookDeliveryListOptions : ListOptions
{
    public string? EventId { get; init; }

    private protected override void AddFilters(QueryBuilder query) => query.Add("event_id", EventId);
}
