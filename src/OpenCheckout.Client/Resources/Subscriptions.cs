using OpenCheckout.Client.Http;
using OpenCheckout.Wire;

namespace OpenCheckout.Client.Resources;

/// <summary><c>/v1/subscriptions</c>: a subscription starts when a buyer pays a session made with <c>Mode = "subscription"</c>;
/// here it is read, changed from its next period, or canceled.</summary>
public sealed class SubscriptionsClient
{
    readonly ApiTransport _api;

    internal SubscriptionsClient(ApiTransport api) => _api = api;

    public async Task<Subscription> GetAsync(string id, CancellationToken ct = default) =>
        (await _api.GetAsync($"subscriptions/{Uri.EscapeDataString(id)}", null, WireJson.Default.SubscriptionEnvelope, ct).ConfigureAwait(false)).Subscription;

    /// <summary>Schedules or clears a cancellation, changes items from the next period (no proration), the card renewals charge,
    /// or the metadata. A canceled subscription is a 409 <see cref="OpenCheckoutException"/>.</summary>
    public async Task<Subscription> UpdateAsync(string id, UpdateSubscriptionRequest request, RequestOptions? requestOptions = null,
        CancellationToken ct = default) =>
        (await _api.PostAsync($"subscriptions/{Uri.EscapeDataString(id)}", request, ClientJson.Default.UpdateSubscriptionRequest,
            WireJson.Default.SubscriptionEnvelope, requestOptions, ct).ConfigureAwait(false)).Subscription;

    /// <summary>Cancels now: no further invoices, and open ones are voided.</summary>
    public async Task<Subscription> CancelAsync(string id, CancellationToken ct = default) =>
        (await _api.DeleteAsync($"subscriptions/{Uri.EscapeDataString(id)}", WireJson.Default.SubscriptionEnvelope, ct).ConfigureAwait(false)).Subscription;

    public async Task<ListPage<Subscription>> ListAsync(SubscriptionListOptions? options = null, CancellationToken ct = default)
    {
        var list = await _api.GetAsync("subscriptions", (options ?? new()).ToQuery(), WireJson.Default.SubscriptionList, ct).ConfigureAwait(false);
        return new(list.Subscriptions, list.HasMore);
    }

    public IAsyncEnumerable<Subscription> ListAutoPagingAsync(SubscriptionListOptions? options = null, CancellationToken ct = default) =>
        ApiTransport.AutoPageAsync(options ?? new(), ListAsync, s => s.SubscriptionId, ct);
}

/// <summary><c>/v1/invoices</c>: what each period of a subscription billed.</summary>
public sealed class InvoicesClient
{
    readonly ApiTransport _api;

    internal InvoicesClient(ApiTransport api) => _api = api;

    public async Task<Invoice> GetAsync(string id, CancellationToken ct = default) =>
        (await _api.GetAsync($"invoices/{Uri.EscapeDataString(id)}", null, WireJson.Default.InvoiceEnvelope, ct).ConfigureAwait(false)).Invoice;

    public async Task<ListPage<Invoice>> ListAsync(InvoiceListOptions? options = null, CancellationToken ct = default)
    {
        var list = await _api.GetAsync("invoices", (options ?? new()).ToQuery(), WireJson.Default.InvoiceList, ct).ConfigureAwait(false);
        return new(list.Invoices, list.HasMore);
    }

    public IAsyncEnumerable<Invoice> ListAutoPagingAsync(InvoiceListOptions? options = null, CancellationToken ct = default) =>
        ApiTransport.AutoPageAsync(options ?? new(), ListAsync, i => i.InvoiceId, ct);
}
