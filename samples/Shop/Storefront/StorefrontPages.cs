using Microsoft.Extensions.Options;
using OpenCheckout.Client;
using OpenCheckout.Money;
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
        app.MapGet("/cancel", Cancel);
        app.MapGet("/orders", Orders);
        return app;
    }

    static IResult Product(IOptions<ShopOptions> options, IOptions<OpenCheckoutClientOptions> openCheckout)
    {
        var product = options.Value.Product;
        var testMode = openCheckout.Value.ApiKey.StartsWith("fsk_test_", StringComparison.Ordinal);
        return Page(product.Name, $"""
            <h1>{E(product.Name)}</h1>
            <p>{E(product.Description)}</p>
            <p class="price">{E(Currency.Format(product.UnitAmount, product.Currency))}</p>
            <form method="post" action="/buy"><button type="submit">Buy</button></form>
            {(testMode ? """<p class="hint">Test mode: pay with card 4242 4242 4242 4242, any future expiry, any CVC.</p>""" : "")}
            """);
    }

    static async Task<IResult> Buy(HttpRequest request, OpenCheckoutClient client, ShopCatalog catalog, ShopUrls urls, ILoggerFactory loggers,
        CancellationToken ct)
    {
        var log = loggers.CreateLogger(typeof(StorefrontPages));
        var shop = urls.Base(request);
        try
        {
            var session = await client.CheckoutSessions.CreateAsync(
                new([new(await catalog.PriceIdAsync(client, ct), 1)], ShopUrls.SuccessUrl(shop))
                {
                    CancelUrl = ShopUrls.CancelUrl(shop),
                    Mode = "payment",
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
