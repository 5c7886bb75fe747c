using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OpenCheckout.Cli.Tests;

/// <summary>A merchant's app on its own 127.0.0.1 port: what <c>listen --forward-to</c> points at. Records each delivery
/// exactly as received and answers with <see cref="StatusCode"/>.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public sealed record Delivery(string Body, IReadOnlyDictionary<string, string> Headers)
    {
        public string? Header(string name) => Headers.GetValueOrDefault(name);
    }

    readonly WebApplication _app;
    readonly Channel<Delivery> _deliveries = Channel.CreateUnbounded<Delivery>();

    WebhookReceiver(WebApplication app) => _app = app;

    public int StatusCode { get; set; } = StatusCodes.Status200OK;

    public string Url => _app.Urls.First() + "/webhooks";

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/webhooks", async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            await receiver._deliveries.Writer.WriteAsync(new Delivery(body, headers));
            context.Response.StatusCode = receiver.StatusCode;
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>The next delivery whose body names <paramref name="eventType"/>, skipping others.</summary>
    public async Task<Delivery> NextAsync(string eventType, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var delivery = await _deliveries.Reader.ReadAsync(cancel.Token);
            if (delivery.Body.Contains($"\"event_type\":\"{eventType}\"", StringComparison.Ordinal)) return delivery;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
