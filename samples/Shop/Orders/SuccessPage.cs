using System.Net;
using OpenCheckout.Client;
using OpenCheckout.Money;
using OpenCheckout.Sessions;
using OpenCheckout.Wire;
using static Shop.Html;

namespace Shop.Orders;

/// <summary><c>/success?session_id=...</c>, where OpenCheckout sends the buyer after paying: the redirect guide's success
/// handler. The id in the URL is only a claim; the session fetched from the API is the evidence.</summary>
static class SuccessPage
{
    public static IEndpointRouteBuilder MapSuccessPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/success", Show);
        return app;
    }

    static async Task<IResult> Show(HttpRequest request, OpenCheckoutClient client, OrderStore orders, ILoggerFactory loggers, CancellationToken ct)
    {
        var log = loggers.CreateLogger(typeof(SuccessPage));
        var sessionId = request.Query["session_id"].ToString();
        if (sessionId.Length == 0) return Page("Missing session_id parameter", "<h1>Missing session_id parameter</h1>", StatusCodes.Status400BadRequest);

        CheckoutSession session;
        try
        {
            session = await client.CheckoutSessions.GetAsync(sessionId, ct);
        }
        catch (OpenCheckoutException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // Unlike the guide's examples (a 500 for anything), an id the API does not know is the URL's fault, not an outage.
            log.LogWarning("/success was given checkout session {SessionId}, which OpenCheckout does not know.", sessionId);
            return Page("Unknown checkout session", """
                <h1>Unknown checkout session</h1>
                <p>This link does not belong to a checkout of this shop.</p>
                <p><a href="/">Back to the shop</a></p>
                """, StatusCodes.Status404NotFound);
        }
        catch (OpenCheckoutException e)
        {
            log.LogError(e, "Could not fetch checkout session {SessionId} ({Type} {Code}, request {RequestId}).", sessionId, e.Type, e.Code, e.RequestId);
            return Page("Failed to verify payment", """
                <h1>Failed to verify payment</h1>
                <p>We could not confirm your payment with the payment service just now. If you paid, your order is safe:
                reload this page in a moment.</p>
                """, StatusCodes.Status500InternalServerError);
        }

        switch (session.Status)
        {
            case SessionStatus.Complete:
                return Confirmation(await orders.FulfilAsync(session, OrderStore.FromRedirect, ct));
            case SessionStatus.Expired:
                return Page("Checkout expired", """
                    <h1>Checkout expired</h1>
                    <p>This checkout session has expired. Please start over.</p>
                    <p><a href="/">Start over</a></p>
                    """);
            default:
                // Still open: the buyer came here without paying (or by hand). The hosted page still takes the payment.
                return Page("Payment not completed", $"""
                    <h1>Payment not completed</h1>
                    <p>We have not received your payment. <a href="{E(session.Url)}">Return to the checkout</a> to finish paying.</p>
                    """, StatusCodes.Status400BadRequest);
        }
    }

    static IResult Confirmation(Fulfilment fulfilment)
    {
        var order = fulfilment.Order;
        var notice = fulfilment.AlreadyProcessed
            ? """<p class="notice">This order was already processed: nothing was charged or sent twice.</p>"""
            : "";
        return Page("Thank you for your order", $"""
            <h1>Thank you for your order</h1>
            {notice}
            <dl>
            <dt>Order</dt><dd>#{order.Id}</dd>
            <dt>Email</dt><dd>{E(order.Email)}</dd>
            <dt>Amount paid</dt><dd>{E(Currency.Format(order.AmountTotal, order.Currency))}</dd>
            </dl>
            <p>A confirmation is on its way to {E(order.Email)}.</p>
            <p><a href="/">Back to the shop</a></p>
            """);
    }
}
