using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OpenCheckout.Server.Tests.Processors.FakeStripe;

/// <summary>A receiver for the fake's webhooks on its own port: keeps each body with its Stripe-Signature header.</summary>
internal sealed class WebhookInbox : IAsyncDisposable
{
    readonly WebApplication _app;

    WebhookInbox(WebApplication app) => _app = app;

    public List<(string Body, string Signature)> Received { get; } = [];

    public string Url => _app.Urls.First().TrimEnd('/') + "/stripe/webhook";

    public static async Task<WebhookInbox> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var inbox = new WebhookInbox(app);
        app.MapPost("/stripe/webhook", async (HttpRequest request) =>
        {
            var body = await new StreamReader(request.Body).ReadToEndAsync();
            lock (inbox.Received) inbox.Received.Add((body, request.Headers["Stripe-Signature"].ToString()));
            return Results.Ok();
        });
        await app.StartAsync();
        return inbox;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
