using OpenCheckout.Client.Http;
using OpenCheckout.Wire;

namespace OpenCheckout.Client.Resources;

/// <summary><c>/v1/payment_intents</c> (read-only: a payment intent is made when a buyer pays).</summary>
public sealed class PaymentIntentsClient
{
    readonly ApiTransport _api;

    internal PaymentIntentsClient(ApiTransport api) => _api = api;

    public async Task<PaymentIntent> GetAsync(string id, CancellationToken ct = default) =>
        (await _api.GetAsync($"payment_intents/{Uri.EscapeDataString(id)}", null, WireJson.Default.PaymentIntentEnvelope, ct)
            .ConfigureAwait(false)).PaymentIntent;

    public async Task<ListPage<PaymentIntent>> ListAsync(PaymentIntentListOptions? options = null, CancellationToken ct = default)
    {
        var list = await _api.GetAsync("payment_intents", (options ?? new()).ToQuery(), WireJson.Default.PaymentIntentList, ct)
            .ConfigureAwait(false);
        return new(list.PaymentIntents, list.HasMore);
    }

    public IAsyncEnumerable<PaymentIntent> ListAutoPagingAsync(PaymentIntentListOptions? options = null, CancellationToken ct = default) =>
        ApiTransport.AutoPageAsync(options ?? new(), ListAsync, p => p.PaymentIntentId, ct);
}

/// <summary><c>/v1/customers</c> (read-only: a customer is made, or found by email, when a session is paid).</summary>
public sealed class CustomersClient
{
    readonly ApiTransport _api;

    internal CustomersClient(ApiTransport api) => _api = api;

    /// <summary>A 409 <c>customer_exists</c> (an <see cref="OpenCheckoutException"/>) names the customer that has the email.</summary>
    public async Task<Customer> CreateAsync(CreateCustomerRequest request, RequestOptions? requestOptions = null, CancellationToken ct = default) =>
        (await _api.PostAsync("customers", request, ClientJson.Default.CreateCustomerRequest, WireJson.Default.CustomerEnvelope, requestOptions, ct)
            .ConfigureAwait(false)).Customer;

    public async Task<Customer> GetAsync(string id, CancellationToken ct = default) =>
        (await _api.GetAsync($"customers/{Uri.EscapeDataString(id)}", null, WireJson.Default.CustomerEnvelope, ct).ConfigureAwait(false)).Customer;

    public async Task<Customer> UpdateAsync(string id, UpdateCustomerRequest request, RequestOptions? requestOptions = null, CancellationToken ct = default) =>
        (await _api.PatchAsync($"customers/{Uri.EscapeDataString(id)}", request, ClientJson.Default.UpdateCustomerRequest,
            WireJson.Default.CustomerEnvelope, requestOptions, ct).ConfigureAwait(false)).Customer;

    /// <summary>Deletes the customer and returns it as it was; its sessions and payments keep naming it.</summary>
    public async Task<Customer> DeleteAsync(string id, CancellationToken ct = default) =>
        (await _api.DeleteAsync($"customers/{Uri.EscapeDataString(id)}", WireJson.Default.DeletedCustomerEnvelope, ct).ConfigureAwait(false)).Customer;

    public async Task<ListPage<Customer>> ListAsync(CustomerListOptions? options = null, CancellationToken ct = default)
    {
        var list = await _api.GetAsync("customers", (options ?? new()).ToQuery(), WireJson.Default.CustomerList, ct).ConfigureAwait(false);
        return new(list.Customers, list.HasMore);
    }

    public IAsyncEnumerable<Customer> ListAutoPagingAsync(CustomerListOptions? options = null, CancellationToken ct = default) =>
        ApiTransport.AutoPageAsync(options ?? new(), ListAsync, c => c.CustomerId, ct);

    /// <summary>The customer's saved cards (saved by paying a session made with <c>SetupFutureUse</c>), newest first.</summary>
    public async Task<ListPage<CustomerPaymentMethod>> ListPaymentMethodsAsync(string customerId, ListOptions? options = null, CancellationToken ct = default)
    {
        var list = await _api.GetAsync($"customers/{Uri.EscapeDataString(customerId)}/payment_methods", (options ?? new()).ToQuery(),
            WireJson.Default.CustomerPaymentMethodList, ct).ConfigureAwait(false);
        return new(list.PaymentMethods, list.HasMore);
    }

    public async Task<CustomerPaymentMethod> GetPaymentMethodAsync(string customerId, string paymentMethodId, CancellationToken ct = default) =>
        (await _api.GetAsync($"customers/{Uri.EscapeDataString(customerId)}/payment_methods/{Uri.EscapeDataString(paymentMethodId)}", null,
            WireJson.Default.CustomerPaymentMethodEnvelope, ct).ConfigureAwait(false)).PaymentMethod;
}

/// <summary><c>/v1/payment_links</c>: each visit to a link's <see cref="PaymentLink.Url"/> makes a new checkout session.</summary>
public sealed class PaymentLinksClient
{
    readonly ApiTransport _api;

    internal PaymentLinksClient(ApiTransport api) => _api = api;

    public async Task<PaymentLink> CreateAsync(CreatePaymentLinkRequest request, RequestOptions? requestOptions = null, CancellationToken ct = default) =>
        (await _api.PostAsync("payment_links", request, ClientJson.Default.CreatePaymentLinkRequest, WireJson.Default.PaymentLinkEnvelope,
            requestOptions, ct).ConfigureAwait(false)).PaymentLink;

    public async Task<PaymentLink> GetAsync(string id, CancellationToken ct = default) =>
        (await _api.GetAsync($"payment_links/{Uri.EscapeDataString(id)}", null, WireJson.Default.PaymentLinkEnvelope, ct).ConfigureAwait(false)).PaymentLink;

    /// <summary><c>Active = false</c> deactivates the link: its URL takes no more visits.</summary>
    public async Task<PaymentLink> UpdateAsync(string id, UpdatePaymentLinkRequest request, RequestOptions? requestOptions = null, CancellationToken ct = default) =>
        (await _api.PatchAsync($"payment_links/{Uri.EscapeDataString(id)}", request, ClientJson.Default.UpdatePaymentLinkRequest,
            WireJson.Default.PaymentLinkEnvelope, requestOptions, ct).ConfigureAwait(false)).PaymentLink;

    public async Task<ListPage<PaymentLink>> ListAsync(PaymentLinkListOptions? options = null, CancellationToken ct = default)
    {
        var list = await _api.GetAsync("payment_links", (options ?? new()).ToQuery(), WireJson.Default.PaymentLinkList, ct).ConfigureAwait(false);
        return new(list.PaymentLinks, list.HasMore);
    }

    public IAsyncEnumerable<PaymentLink> ListAutoPagingAsync(PaymentLinkListOptions? options = null, CancellationToken ct = default) =>
        ApiTransport.AutoPageAsync(options ?? new(), ListAsync, l => l.PaymentLinkId, ct);
}

/// <summary><c>/v1/refunds</c></summary>
public sealed class RefundsClient
{
    readonly ApiTransport _api;

    internal RefundsClient(ApiTransport api) => _api = api;

    public async Task<Refund> CreateAsync(CreateRefundRequest request, RequestOptions? requestOptions = null, CancellationToken ct = default) =>
        (await _api.PostAsync("refunds", request, ClientJson.Default.CreateRefundRequest, WireJson.Default.RefundEnvelope, requestOptions, ct)
            .ConfigureAwait(false)).Refund;

    public async Task<Refund> GetAsync(string id, CancellationToken ct = default) =>
        (await _api.GetAsync($"refunds/{Uri.EscapeDataString(id)}", null, WireJson.Default.RefundEnvelope, ct).ConfigureAwait(false)).Refund;

    /// <summary>Changes the reason or metadata; the amount is fixed.</summary>
    public async Task<Refund> UpdateAsync(string id, UpdateRefundRequest request, RequestOptions? requestOptions = null, CancellationToken ct = default) =>
        (await _api.PatchAsync($"refunds/{Uri.EscapeDataString(id)}", request, ClientJson.Default.UpdateRefundRequest,
            WireJson.Default.RefundEnvelope, requestOptions, ct).ConfigureAwait(false)).Refund;

    public async Task<ListPage<Refund>> ListAsync(RefundListOptions? options = null, CancellationToken ct = default)
    {
        var list = await _api.GetAsync("refunds", (options ?? new()).ToQuery(), WireJson.Default.RefundList, ct).ConfigureAwait(false);
        return new(list.Refunds, list.HasMore);
    }

    public IAsyncEnumerable<Refund> ListAutoPagingAsync(RefundListOptions? options = null, CancellationToken ct = default) =>
        ApiTransport.AutoPageAsync(options ?? new(), ListAsync, r => r.RefundId, ct);
}

/// <summary><c>/v1/captures</c>: what manual captures took (<see cref="CheckoutSessionsClient.CaptureAsync"/> makes one).</summary>
public sealed class CapturesClient
{
    readonly ApiTransport _api;

    internal CapturesClient(ApiTransport api) => _api = api;

    public async Task<Capture> GetAsync(string id, CancellationToken ct = default) =>
        (await _api.GetAsync($"captures/{Uri.EscapeDataString(id)}", null, WireJson.Default.CaptureEnvelope, ct).ConfigureAwait(false)).Capture;

    /// <summary>Replaces the metadata; nothing else of a capture changes.</summary>
    public async Task<Capture> UpdateAsync(string id, UpdateCaptureRequest request, RequestOptions? requestOptions = null, CancellationToken ct = default) =>
        (await _api.PatchAsync($"captures/{Uri.EscapeDataString(id)}", request, ClientJson.Default.UpdateCaptureRequest,
            WireJson.Default.CaptureEnvelope, requestOptions, ct).ConfigureAwait(false)).Capture;

    public async Task<ListPage<Capture>> ListAsync(CaptureListOptions? options = null, CancellationToken ct = default)
    {
        var list = await _api.GetAsync("captures", (options ?? new()).ToQuery(), WireJson.Default.CaptureList, ct).ConfigureAwait(false);
        return new(list.Captures, list.HasMore);
    }

    public IAsyncEnumerable<Capture> ListAutoPagingAsync(CaptureListOptions? options = null, CancellationToken ct = default) =>
        ApiTransport.AutoPageAsync(options ?? new(), ListAsync, c => c.CaptureId, ct);
}

/// <summary><c>/v1/disputes</c>: a dispute opens when a buyer disputes a payment; the merchant answers with evidence or closes it.</summary>
public sealed class DisputesClient
{
    readonly ApiTransport _api;

    internal DisputesClient(ApiTransport api) => _api = api;

    public async Task<Dispute> GetAsync(string id, CancellationToken ct = default) =>
        (await _api.GetAsync($"disputes/{Uri.EscapeDataString(id)}", null, WireJson.Default.DisputeEnvelope, ct).ConfigureAwait(false)).Dispute;

    /// <summary>Stages evidence and, unless <see cref="UpdateDisputeRequest.Submit"/> is false, submits it (the dispute becomes
    /// <c>under_review</c>). A dispute already submitted, closed or past its due date is a 409 <see cref="OpenCheckoutException"/>.</summary>
    public async Task<Dispute> UpdateAsync(string id, UpdateDisputeRequest request, RequestOptions? requestOptions = null, CancellationToken ct = default) =>
        (await _api.PostAsync($"disputes/{Uri.EscapeDataString(id)}", request, ClientJson.Default.UpdateDisputeRequest,
            WireJson.Default.DisputeEnvelope, requestOptions, ct).ConfigureAwait(false)).Dispute;

    /// <summary>Accepts the dispute as lost (it must need a response; otherwise a 409 <see cref="OpenCheckoutException"/>).</summary>
    public async Task<Dispute> CloseAsync(string id, RequestOptions? requestOptions = null, CancellationToken ct = default) =>
        (await _api.PostAsync($"disputes/{Uri.EscapeDataString(id)}/close", WireJson.Default.DisputeEnvelope, requestOptions, ct)
            .ConfigureAwait(false)).Dispute;

    public async Task<ListPage<Dispute>> ListAsync(DisputeListOptions? options = null, CancellationToken ct = default)
    {
        var list = await _api.GetAsync("disputes", (options ?? new()).ToQuery(), WireJson.Default.DisputeList, ct).ConfigureAwait(false);
        return new(list.Disputes, list.HasMore);
    }

    public IAsyncEnumerable<Dispute> ListAutoPagingAsync(DisputeListOptions? options = null, CancellationToken ct = default) =>
        ApiTransport.AutoPageAsync(options ?? new(), ListAsync, d => d.DisputeId, ct);
}

/// <summary><c>/v1/test_helpers</c>: test-mode keys only.</summary>
public sealed class TestHelpersClient
{
    readonly ApiTransport _api;

    internal TestHelpersClient(ApiTransport api) => _api = api;

    /// <summary>Pays an open session headlessly, through the same code as the hosted page (same outcome and events).
    /// A declined test card throws an <see cref="OpenCheckoutException"/> of type <c>card_error</c> (402).</summary>
    public async Task<CheckoutSession> PayCheckoutSessionAsync(string id, PayCheckoutSessionRequest? request = null,
        RequestOptions? requestOptions = null, CancellationToken ct = default) =>
        (await _api.PostAsync($"test_helpers/checkout/sessions/{Uri.EscapeDataString(id)}/pay", request ?? new(),
            ClientJson.Default.PayCheckoutSessionRequest, WireJson.Default.CheckoutSessionEnvelope, requestOptions, ct).ConfigureAwait(false))
            .CheckoutSession;

    /// <summary>Deletes every test-mode object of the key's account (never live data, API keys or webhook endpoints) and
    /// says how many of each kind went. Test keys only.</summary>
    public async Task<TestHelpersReset> ResetTestDataAsync(RequestOptions? requestOptions = null, CancellationToken ct = default) =>
        await _api.PostAsync("test_helpers/reset", WireJson.Default.TestHelpersReset, requestOptions, ct).ConfigureAwait(false);
}
