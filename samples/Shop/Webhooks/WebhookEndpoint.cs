using System.Text.Json;
using OpenCheckout.Client;
using OpenCheckout.Sessions;
using OpenCheckout.Wire;
using Shop.Memberships;
using Shop.Orders;

namespace Shop.Webhooks;

/// <summary><c>POST /webhooks</c>: the guide's "combining both approaches". A buyer who pays and closes the tab before the
/// redirect still gets their order, and whichever of redirect and webhook comes second finds it already recorded.</summary>
static class WebhookEndpoint
{
    public static IEndpointRouteBuilder MapWebhookEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPost("/webhooks", Receive);
        return app;
    }

    static async Task<IResult> Receive(HttpRequest request, OpenCheckoutClient client, WebhookSecret secret, OrderStore orders,
        MembershipStore memberships, ILoggerFactory loggers, CancellationToken ct)
    {
        var log = loggers.CreateLogger(typeof(WebhookEndpoint));
        if (secret.Value is not { } key)
        {
            // Not a 4xx: OpenCheckout retries anything but a 2xx, so the event arrives again once a secret is known.
            log.LogWarning("A webhook arrived but no secret is known yet ({Key} is empty); answering 503 so OpenCheckout retries it.",
                WebhookSecret.ConfigurationKey);
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        // The signature covers the bytes as sent: verify the raw body, never a re-serialised one.
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(ct);
        WebhookEvent ev;
        try
        {
            ev = client.Webhooks.ConstructEvent(body, name => request.Headers[name], key);
        }
        catch (Exception e) when (e is WebhookSignatureException or JsonException)
        {
            log.LogWarning("Refused a webhook: {Reason}", e.Message);
            return Results.BadRequest(new { error = "invalid signature" });
        }

        // Flex's subscription guide: provision access when the subscription starts, revoke it when it ends. The subscription
        // is fetched, not taken from the event: deliveries may come out of order, and the API says what is true now.
        if (ev.EventType.StartsWith("customer.subscription.", StringComparison.Ordinal)
            && ev.GetObject("subscription", WireJson.Default.Subscription) is { } changed)
        {
            var membership = await memberships.RecordAsync(await client.Subscriptions.GetAsync(changed.SubscriptionId, ct), ct);
            return Results.Ok(new { received = true, handled = true, subscription_id = membership.SubscriptionId, has_access = membership.HasAccess });
        }

        if (ev.EventType != "checkout.session.completed" || ev.CheckoutSession is not { Status: SessionStatus.Complete } session)
            return Results.Ok(new { received = true, handled = false });

        // The event is signed, so its session is as trustworthy as one fetched from the API: no second call needed.
        var fulfilment = await orders.FulfilAsync(session, OrderStore.FromWebhook, ct);
        return Results.Ok(new { received = true, handled = true, order_id = fulfilment.Order.Id, already_processed = fulfilment.AlreadyProcessed });
    }
}
