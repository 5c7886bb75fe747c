using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Shop.Tests;

/// <summary>A webhook URL for the real server that holds each delivery it is told to expect, so a test can hand that
/// delivery (the dispatcher's own bytes and signature) to the shop at a moment of its choosing, and answer the
/// server with the shop's status. Deliveries nobody expects are answered 200.</summary>
public sealed class HeldDeliveries : IAsyncDisposable
{
    readonly WebApplication _app;
    readonly ConcurrentDictionary<string, Held> _expected = new();

    HeldDeliveries(WebApplication app) => _app = app;

    public Uri Url => new(_app.Urls.First().TrimEnd('/') + "/deliveries");

    public static async Task<HeldDeliveries> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var held = new HeldDeliveries(app);
        app.MapPost("/deliveries", held.ReceiveAsync);
        await app.StartAsync();
        return held;
    }

    /// <summary>Holds the next delivery about <paramref name="checkoutSessionId"/>.</summary>
    public Held Expect(string checkoutSessionId) => _expected[checkoutSessionId] = new Held();

    async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        using var json = JsonDocument.Parse(body);
        var sessionId = json.RootElement.GetProperty("object").GetProperty("checkout_session").GetProperty("id").GetString()!;
        if (!_expected.TryRemove(sessionId, out var held)) return Results.Ok();
        var headers = request.Headers.Where(h => h.Key.StartsWith("webhook-", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(h => h.Key, h => h.Value.ToString());
        held.Arrived.SetResult(new Delivery(body, headers));
        return Results.StatusCode(await held.Answer.Task);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var held in _expected.Values) held.Answer.TrySetResult(StatusCodes.Status503ServiceUnavailable);
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public sealed class Held
    {
        public TaskCompletionSource<Delivery> Arrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The status to give the server.</summary>
        public TaskCompletionSource<int> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>One delivery as the server sent it.</summary>
    public sealed record Delivery(string Body, IReadOnlyDictionary<string, string> Headers)
    {
        /// <summary>The same POST, addressed to the shop's /webhooks.</summary>
        public HttpRequestMessage ToShop()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks") { Content = new StringContent(Body, System.Text.Encoding.UTF8, "application/json") };
            foreach (var (name, value) in Headers) request.Headers.TryAddWithoutValidation(name, value);
            return request;
        }
    }
}
