using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace OpenCheckout.Server.Tests.Processors.FakeStripe;

/// <summary>A local stand-in for the Stripe API endpoints OpenCheckout's connector uses, and for Stripe.js, on its own
/// 127.0.0.1 port. Every API request is checked against the OpenAPI subset Stripe publishes (see README.md beside this
/// file); what the subset does not describe is answered 404 and listed in <see cref="UnvalidatedRequests"/>.</summary>
public sealed partial class FakeStripe : IAsyncDisposable
{
    readonly WebApplication _app;
    readonly FakeStripeStore _store = new();
    readonly WebhookSender _webhooks;
    readonly List<FakeStripeRequest> _requests = [];
    readonly List<string> _unvalidated = [];
    readonly List<(string Method, string PathPrefix, StripeFault Fault)> _faults = [];
    readonly List<FakeStripeEvent> _events = [];

    FakeStripe(WebApplication app)
    {
        _app = app;
        _webhooks = new WebhookSender(() => WebhookUrl, WebhookSecret);
    }

    public static async Task<FakeStripe> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeStripe(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        return fake;
    }

    /// <summary>"http://127.0.0.1:port", for StripeClient's apiBase.</summary>
    public string ApiBase => _app.Urls.First().TrimEnd('/');

    /// <summary>The stand-in Stripe.js, the fake's https://js.stripe.com/v3/.</summary>
    public string JsUrl => ApiBase + "/v3/";

    public string SecretKey { get; } = "sk_test_" + RandomPart();
    public string PublishableKey { get; } = "pk_test_" + RandomPart();
    public string WebhookSecret { get; } = "whsec_" + RandomPart();

    /// <summary>Where events are posted; null sends none (they are still listed in <see cref="Events"/>).</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>The api_version events carry. Stripe.net's by default, as for an endpoint created by the connector, so
    /// EventUtility.ConstructEvent accepts them without turning off its version check.</summary>
    public string EventApiVersion { get; set; } = Stripe.StripeConfiguration.ApiVersion;

    /// <summary>How long a <see cref="StripeFault.Timeout"/> holds its request before dropping it.</summary>
    public TimeSpan FaultHold { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>New refunds stay pending until <see cref="SettleRefundsAsync"/>.</summary>
    public bool RefundsSettleLater
    {
        get { lock (_store.Gate) return _store.RefundsSettleLater; }
        set { lock (_store.Gate) _store.RefundsSettleLater = value; }
    }

    /// <summary>Queue events instead of sending them, until <see cref="ReleaseWebhooksAsync"/>.</summary>
    public bool HoldWebhooks { get => _webhooks.Hold; set => _webhooks.Hold = value; }

    public IReadOnlyList<FakeStripeRequest> Requests { get { lock (_requests) return [.. _requests]; } }

    /// <summary>"METHOD /path" of every request the subset does not describe; a test asserts it stayed empty.</summary>
    public IReadOnlyList<string> UnvalidatedRequests { get { lock (_unvalidated) return [.. _unvalidated]; } }

    public IReadOnlyList<FakeStripeEvent> Events { get { lock (_store.Gate) return [.. _events]; } }

    /// <summary>Each delivery attempt: event id and the receiver's status (0: no answer).</summary>
    public IReadOnlyList<(string EventId, int Status)> WebhookDeliveries { get { lock (_webhooks.Deliveries) return [.. _webhooks.Deliveries]; } }

    public IReadOnlyList<FakePaymentIntent> PaymentIntents
    {
        get
        {
            lock (_store.Gate)
                return _store.Intents.Values.OrderBy(i => i.Created).Select(i => new FakePaymentIntent(
                    i.Id, i.Status, i.Amount, i.AmountCapturable, i.AmountReceived, i.LatestCharge?.AmountRefunded ?? 0, i.Currency,
                    i.CaptureMethod, i.PaymentMethod?.Id, i.CustomerId, new Dictionary<string, string>(i.Metadata),
                    (string?)i.LastPaymentError?["code"], i.LatestCharge?.Id)).ToList();
        }
    }

    public IReadOnlyList<FakeRefund> Refunds
    {
        get
        {
            lock (_store.Gate)
                return _store.Refunds.Values.Select(r => new FakeRefund(r.Id, r.Charge.Intent.Id, r.Charge.Id, r.Amount, r.Status, r.Reason)).ToList();
        }
    }

    /// <summary>Payment intents that took money or hold an authorization and whose metadata[key] is value: proves
    /// "charged once".</summary>
    public int ChargedCount(string metadataKey, string value)
    {
        lock (_store.Gate)
            return _store.Intents.Values.Count(i => i.Status is "succeeded" or "requires_capture"
                && i.Metadata.TryGetValue(metadataKey, out var v) && v == value);
    }

    /// <summary>The next request whose method matches and whose path starts with <paramref name="pathPrefix"/> fails so.</summary>
    public void FailNext(string method, string pathPrefix, StripeFault fault)
    {
        lock (_faults) _faults.Add((method.ToUpperInvariant(), pathPrefix, fault));
    }

    public async Task SettleRefundsAsync()
    {
        lock (_store.Gate)
        {
            RefundsHandlers.Settle(_store);
            PublishRaised(null, null);
        }
        await _webhooks.IdleAsync();
    }

    /// <summary>The cardholder disputes a payment made with 4000 0000 0000 0259 (Stripe's dispute test card); returns
    /// the dispute's id (du_…).</summary>
    public string OpenDispute(string paymentIntentId)
    {
        lock (_store.Gate)
        {
            var intent = _store.Intents.GetValueOrDefault(paymentIntentId) ?? throw new ArgumentException($"No payment intent {paymentIntentId}.");
            if (intent.Status != "succeeded" || intent.LatestCharge?.Card.Behaviour != CardBehaviour.Disputed)
                throw new InvalidOperationException("Only a succeeded payment with 4000 0000 0000 0259 is disputed, as with Stripe's test cards.");
            var dispute = new DisputeEntity { Id = Entity.NewId("du"), Charge = intent.LatestCharge, Status = "needs_response", Created = FakeStripeStore.Now };
            _store.Disputes[dispute.Id] = dispute;
            intent.LatestCharge.Disputed = true;
            _store.Raise("charge.dispute.created", dispute.Json());
            PublishRaised(null, null);
            return dispute.Id;
        }
    }

    public void CloseDispute(string disputeId, bool won)
    {
        lock (_store.Gate)
        {
            var dispute = _store.Disputes.GetValueOrDefault(disputeId) ?? throw new ArgumentException($"No dispute {disputeId}.");
            dispute.Status = won ? "won" : "lost";
            _store.Raise("charge.dispute.closed", dispute.Json());
            PublishRaised(null, null);
        }
    }

    /// <summary>Sends the last <paramref name="count"/> events again, same ids and bodies, as Stripe's retries do.</summary>
    public void ResendLastEvents(int count)
    {
        foreach (var e in Events.TakeLast(count)) _webhooks.Send(e);
    }

    /// <summary>Sends the held events, oldest first or (reverse) newest first, and waits for their deliveries.</summary>
    public Task ReleaseWebhooksAsync(bool reverse = false) => _webhooks.ReleaseAsync(reverse);

    /// <summary>Waits until every event sent so far has been delivered or has failed to be.</summary>
    public Task WebhooksDeliveredAsync() => _webhooks.IdleAsync();

    static string RandomPart() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _webhooks.DisposeAsync();
    }
}
