using Microsoft.Extensions.Options;
using OpenCheckout.Client;
using OpenCheckout.Money;
using Shop.Memberships;
using Shop.Orders;
using static Shop.Html;

namespace Shop.Storefront;

/// <summary>The product page, "Buy" (which hands the buyer to OpenCheckout's hosted page), the cancel page, and a list
/// of orders to see what fulfilment recorded.</summary>
static class StorefrontPages
{
    public static IEndpointRouteBuilder MapStorefront(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", Product);
        // No anti-forgery token: a forged POST only starts a checkout session the victim would still have to pay.
        app.MapPost("/buy", Buy);
        app.MapPost("/join", Join);
        app.MapGet("/memberships", Memberships);
        app.MapGet("/cancel", Cancel);
        app.MapGet("/orders", Orders);
        return app;
    }

    static IResult Product(IOptions<ShopOptions> options, IOptions<OpenCheckoutClientOptions> openCheckout)
    {
        var (product, membership) = (options.Value.Product, options.Value.Membership);
        var testMode = openCheckout.Value.ApiKey.StartsWith("fsk_test_", StringComparison.Ordinal);
        return Page(product.Name, $"""
            <h1>{E(product.Name)}</h1>
            <p>{E(product.Description)}</p>
            <p class="price">{E(Currency.Format(product.UnitAmount, product.Currency))}</p>
            <form method="post" action="/buy"><button type="submit">Buy</button></form>
            <h2>{E(membership.Name)}</h2>
            <p>{E(membership.Description)}</p>
            <p class="price">{E(Currency.Format(membership.UnitAmount, membership.Currency))} {E(membership.Interval ?? "")}</p>
            <form method="post" action="/join"><button type="submit">Join</button></form>
            {(testMode ? """<p class="hint">Test mode: pay with card 4242 4242 4242 4242, any future expiry, any CVC.</p>""" : "")}
            """);
    }

    static Task<IResult> Buy(HttpRequest request, OpenCheckoutClient client, ShopCatalog catalog, ShopUrls urls, ILoggerFactory loggers,
        CancellationToken ct) =>
        CheckoutAsync(request, client, urls, loggers, "payment", () => catalog.PriceIdAsync(client, ct), ct);

    /// <summary>The membership: a subscription-mode session; access follows from the subscription's webhooks.</summary>
    static Task<IResult> Join(HttpRequest request, OpenCheckoutClient client, ShopCatalog catalog, ShopUrls urls, ILoggerFactory loggers,
        CancellationToken ct) =>
        CheckoutAsync(request, client, urls, loggers, "subscription", () => catalog.MembershipPriceIdAsync(client, ct), ct);

    static async Task<IResult> CheckoutAsync(HttpRequest request, OpenCheckoutClient client, ShopUrls urls, ILoggerFactory loggers, string mode,
        Func<Task<string>> priceId, CancellationToken ct)
    {
        var log = loggers.CreateLogger(typeof(StorefrontPages));
        var shop = urls.Base(request);
        try
        {
            var session = await client.CheckoutSessions.CreateAsync(
                new([new(await priceId(), 1)], ShopUrls.SuccessUrl(shop))
                {
                    CancelUrl = ShopUrls.CancelUrl(shop),
                    Mode = mode,
                }, ct: ct);
            return new SeeOther(session.Url);
        }
        catch (OpenCheckoutException e)
        {
            log.LogError(e, "Could not create a checkout session ({Type} {Code}, request {RequestId}).", e.Type, e.Code, e.RequestId);
            return Page("Checkout unavailable", """
                <h1>Checkout unavailable</h1>
                <p>We could not start the checkout. Nothing was charged. Please try again in a moment.</p>
                <p><a href="/">Back to the shop</a></p>
                """, StatusCodes.Status502BadGateway);
        }
    }

    static IResult Cancel() => Page("Checkout cancelled", """
        <h1>Checkout cancelled</h1>
        <p>Your payment was cancelled. You can try again.</p>
        <p><a href="/">Back to the shop</a></p>
        """);

    static async Task<IResult> Orders(OrderStore orders, CancellationToken ct)
    {
        var rows = string.Concat((await orders.ListAsync(ct: ct)).Select(o => $"""
            <tr><td>#{o.Id}</td><td>{E(o.CheckoutSessionId)}</td><td>{E(o.Email)}</td><td>{E(Currency.Format(o.AmountTotal, o.Currency))}</td><td>{E(o.FulfilledBy)}</td></tr>
            """));
        return Page("Orders", $"""
            <h1>Orders</h1>
            <table>
            <thead><tr><th>Order</th><th>Checkout session</th><th>Email</th><th>Amount</th><th>First told by</th></tr></thead>
            <tbody>{rows}</tbody>
            </table>
            """);
    }

    static async Task<IResult> Memberships(MembershipStore memberships, CancellationToken ct)
    {
        var rows = string.Concat((await memberships.ListAsync(ct: ct)).Select(m => $"""
            <tr><td>{E(m.SubscriptionId)}</td><td>{E(m.CustomerId)}</td><td>{E(m.Status)}</td><td>{(m.HasAccess ? "yes" : "no")}</td></tr>
            """));
        return Page("Memberships", $"""
            <h1>Memberships</h1>
            <table>
            <thead><tr><th>Subscription</th><th>Customer</th><th>Status</th><th>Access</th></tr></thead>
            <tbody>{rows}</tbody>
            </table>
            """);
    }

    /// <summary>303: the browser follows with a GET whatever the method was, which is what a redirect after a form POST means.</summary>
    sealed class SeeOther(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = StatusCodes.Status303SeeOther;
            http.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }
}
