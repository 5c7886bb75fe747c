using OpenCheckout.Client.Http;
using OpenCheckout.Wire;

namespace OpenCheckout.Client.Resources;

/// <summary><c>/v1/checkout/sessions</c></summary>
public sealed class CheckoutSessionsClient
{
    readonly ApiTransport _api;

    internal CheckoutSessionsClient(ApiTransport api) => _api = api;

    /// <summary>Creates a session; send the buyer to its <see cref="CheckoutSession.Url"/>.</summary>
    public async Task<CheckoutSession> CreateAsync(CreateCheckoutSessionRequest request, RequestOptions? requestOptions = null,
        CancellationToken ct = default) =>
        (await _api.PostAsync("checkout/sessions", request, ClientJson.Default.CreateCheckoutSessionRequest,
            WireJson.Default.CheckoutSessionEnvelope, requestOptions, ct).ConfigureAwait(false)).CheckoutSession;

    /// <summary>The session as it is now: on your success page, check that <see cref="CheckoutSession.Status"/> is
    /// <c>complete</c> rather than trusting the redirect.</summary>
    public async Task<CheckoutSession> GetAsync(string id, CancellationToken ct = default) =>
        (await _api.GetAsync(Path(id), null, WireJson.Default.CheckoutSessionEnvelope, ct).ConfigureAwait(false)).CheckoutSession;

    public async Task<ListPage<CheckoutSession>> ListAsync(CheckoutSessionListOptions? options = null, CancellationToken ct = default)
    {
        var list = await _api.GetAsync("checkout/sessions", (options ?? new()).ToQuery(), WireJson.Default.CheckoutSessionList, ct)
            .ConfigureAwait(false);
        return new(list.CheckoutSessions, list.HasMore);
    }

    /// <summary>Every session matching <paramref name="options"/>, newest first, one page (<c>limit</c>) at a time,
    /// following <c>starting_after</c> cursors while <c>has_more</c>.</summary>
    public IAsyncEnumerable<CheckoutSession> ListAutoPagingAsync(CheckoutSessionListOptions? options = null, CancellationToken ct = default) =>
        ApiTransport.AutoPageAsync(options ?? new(), ListAsync, s => s.Id, ct);

    public async Task<ListPage<LineItem>> ListLineItemsAsync(string id, ListOptions? options = null, CancellationToken ct = default)
    {
        var list = await _api.GetAsync(Path(id) + "/line_items", (options ?? new()).ToQuery(), WireJson.Default.LineItemList, ct)
            .ConfigureAwait(false);
        return new(list.LineItems, list.HasMore);
    }

    public IAsyncEnumerable<LineItem> ListLineItemsAutoPagingAsync(string id, ListOptions? options = null, CancellationToken ct = default) =>
        ApiTransport.AutoPageAsync(options ?? new(), (o, token) => ListLineItemsAsync(id, o, token), l => l.LineItemId, ct);

    /// <summary>Ends an open session now; a session that is not open is a 409 <c>checkout_session_not_open</c>.</summary>
    public async Task<CheckoutSession> ExpireAsync(string id, RequestOptions? requestOptions = null, CancellationToken ct = default) =>
        (await _api.PostAsync(Path(id) + "/expire", WireJson.Default.CheckoutSessionEnvelope, requestOptions, ct).ConfigureAwait(false))
            .CheckoutSession;

    /// <summary>Refunds a complete session: all that remains (no <paramref name="request"/>), an amount, or by line items.
    /// Returns the session with <see cref="CheckoutSession.AmountRefunded"/> and <see cref="CheckoutSession.Refunds"/>.</summary>
    public async Task<CheckoutSession> RefundAsync(string id, RefundCheckoutSessionRequest? request = null, RequestOptions? requestOptions = null,
        CancellationToken ct = default) =>
        (await _api.PostAsync(Path(id) + "/refund", request ?? new(), ClientJson.Default.RefundCheckoutSessionRequest,
            WireJson.Default.CheckoutSessionEnvelope, requestOptions, ct).ConfigureAwait(false)).CheckoutSession;

    /// <summary>Captures an authorized (<c>capture_method: manual</c>) session's payment: all of it, or an amount; the capture
    /// is then listed by <see cref="CapturesClient.ListAsync"/> with the session's id.</summary>
    public async Task<CheckoutSession> CaptureAsync(string id, CaptureCheckoutSessionRequest? request = null, RequestOptions? requestOptions = null,
        CancellationToken ct = default) =>
        (await _api.PostAsync(Path(id) + "/capture", request ?? new(), ClientJson.Default.CaptureCheckoutSessionRequest,
            WireJson.Default.CheckoutSessionEnvelope, requestOptions, ct).ConfigureAwait(false)).CheckoutSession;

    /// <summary>Releases an authorized (<c>capture_method: manual</c>) session's payment without capturing it: its payment
    /// intent becomes canceled; the session stays complete and unpaid.</summary>
    public async Task<CheckoutSession> CancelAsync(string id, RequestOptions? requestOptions = null, CancellationToken ct = default) =>
        (await _api.PostAsync(Path(id) + "/cancel", WireJson.Default.CheckoutSessionEnvelope, requestOptions, ct).ConfigureAwait(false))
            .CheckoutSession;

    static string Path(string id) => $"checkout/sessions/{Uri.EscapeDataString(id)}";
}
