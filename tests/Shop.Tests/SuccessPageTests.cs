using System.Net;
using System.Net.Sockets;
using OpenCheckout.Webhooks;

namespace Shop.Tests;

/// <summary>/success as the redirect guide has it, against a real OpenCheckout server: every outcome of the session the
/// shop fetches, and the shop's own failures.</summary>
public sealed class SuccessPageTests : IAsyncLifetime
{
    // A configured secret, and no endpoint registered with the server: only the test delivers webhooks here.
    readonly string _secret = WebhookSignature.NewSecret();
    CheckoutServer _server = null!;
    ShopApp _shop = null!;

    public Task InitializeAsync()
    {
        _server = new CheckoutServer();
        _shop = new ShopApp(_server.BaseAddress, _server.TestKey, _secret);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _shop.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData("/success")]
    [InlineData("/success?session_id=")]
    public async Task Success_WithoutSessionId_Is400MissingSessionIdParameter(string url)
    {
        using var http = _shop.Http();
        using var response = await http.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<h1>Missing session_id parameter</h1>", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Success_ForPaidSession_ShowsConfirmationWithEmailAndAmount_ThenAlreadyProcessedOnRefresh()
    {
        var (sessionId, _) = await _shop.BuyAsync();
        await SignedEvents.PayAsync(_server, sessionId, "jo@example.com");
        using var http = _shop.Http();

        using var first = await http.GetAsync($"/success?session_id={sessionId}");
        var firstPage = await first.Content.ReadAsStringAsync();
        using var refresh = await http.GetAsync($"/success?session_id={sessionId}");
        var refreshPage = await refresh.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("<h1>Thank you for your order</h1>", firstPage);
        Assert.Contains("<dt>Email</dt><dd>jo@example.com</dd>", firstPage);
        Assert.Contains("<dt>Amount paid</dt><dd>$20.00</dd>", firstPage);
        Assert.DoesNotContain("already processed", firstPage);
        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        Assert.Contains("This order was already processed", refreshPage);
        Assert.Equal(OrderNumber(firstPage), OrderNumber(refreshPage));
        Assert.Equal(1, await _shop.CountOrdersAsync(sessionId));
    }

    [Fact]
    public async Task Success_AfterWebhookFulfilledTheOrder_ShowsAlreadyProcessed()
    {
        var (sessionId, _) = await _shop.BuyAsync();
        await SignedEvents.PayAsync(_server, sessionId, "early@example.com");
        var (eventId, payload) = await SignedEvents.CompletedEventAsync(_server, sessionId);
        using var http = _shop.Http();

        using var webhook = await http.SendAsync(SignedEvents.Delivery(eventId, payload, _secret));
        using var success = await http.GetAsync($"/success?session_id={sessionId}");
        var page = await success.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, webhook.StatusCode);
        Assert.False((await SignedEvents.ReadAnswerAsync(webhook)).GetProperty("already_processed").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, success.StatusCode);
        Assert.Contains("This order was already processed", page);
        Assert.Contains("<dt>Email</dt><dd>early@example.com</dd>", page);
        Assert.Equal(1, await _shop.CountOrdersAsync(sessionId));
    }

    [Fact]
    public async Task Success_ForOpenSession_Is400PaymentNotCompleted_AndRecordsNoOrder()
    {
        var (sessionId, hostedPage) = await _shop.BuyAsync();
        using var http = _shop.Http();

        using var response = await http.GetAsync($"/success?session_id={sessionId}");
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<h1>Payment not completed</h1>", page);
        Assert.Contains($"href=\"{hostedPage}\"", page); // back to the checkout, which still takes the payment
        Assert.Equal(0, await _shop.CountOrdersAsync(sessionId));
    }

    [Fact]
    public async Task Success_ForExpiredSession_AsksToStartOver_AndRecordsNoOrder()
    {
        var (sessionId, _) = await _shop.BuyAsync();
        using (var client = _server.Client()) await client.CheckoutSessions.ExpireAsync(sessionId);
        using var http = _shop.Http();

        using var response = await http.GetAsync($"/success?session_id={sessionId}");
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("This checkout session has expired. Please start over.", page);
        Assert.Contains("<a href=\"/\">Start over</a>", page);
        Assert.Equal(0, await _shop.CountOrdersAsync(sessionId));
    }

    [Fact]
    public async Task Success_ForSessionOpenCheckoutDoesNotKnow_Is404()
    {
        using var http = _shop.Http();

        using var response = await http.GetAsync("/success?session_id=fcs_01M8DGQQK3E5ES8QHN9EJ4HH0A");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("<h1>Unknown checkout session</h1>", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Success_WhenOpenCheckoutIsUnreachable_Is500FailedToVerifyPayment()
    {
        var (sessionId, _) = await _shop.BuyAsync();
        await SignedEvents.PayAsync(_server, sessionId);
        // The same shop database, pointed at a port nobody listens on: the session is paid, but cannot be verified.
        await using var cutOff = new ShopApp(ClosedPort(), _server.TestKey, _secret, settings: new Dictionary<string, string?>
        {
            ["Shop:DatabasePath"] = _shop.DatabasePath,
        });
        using var http = cutOff.Http();

        using var response = await http.GetAsync($"/success?session_id={sessionId}");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("<h1>Failed to verify payment</h1>", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await _shop.CountOrdersAsync(sessionId));
    }

    internal static Uri ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }

    static string OrderNumber(string page) =>
        System.Text.RegularExpressions.Regex.Match(page, "<dt>Order</dt><dd>(#[0-9]+)</dd>").Groups[1].Value is { Length: > 0 } number
            ? number
            : throw new Xunit.Sdk.XunitException("No order number on the page.");
}
