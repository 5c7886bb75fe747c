using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenCheckout.Webhooks;

namespace OpenCheckout.Bench;

/// <summary>One request as the receiver saw it: what it was, when it had been read and verified
/// (<see cref="Stopwatch"/> ticks, comparable with the bench's own timestamps), and what was answered.</summary>
sealed record Arrival(string EventId, string EventType, string? SessionId, long Timestamp, int Status, byte[] Body);

/// <summary>One endpoint path of the receiver, with its own signing secret and answer policy.</summary>
sealed class Sink(string path, string secret)
{
    readonly ConcurrentQueue<Arrival> _arrivals = new();
    readonly ConcurrentDictionary<string, byte> _seen = new();
    int _signatureFailures, _malformed;

    public string Path { get; } = path;
    public string Secret { get; } = secret;

    /// <summary>While true, the first request for an event id is answered 500 and any later one 200 (so a retry
    /// that comes due early is not failed into the 5-minute step of the schedule); when false, everything is 200.</summary>
    public volatile bool FailFirstAttempts;

    /// <summary>Called after the answer is decided, before it is sent.</summary>
    public Action<Arrival>? OnArrival;

    public int SignatureFailures => Volatile.Read(ref _signatureFailures);
    public int Malformed => Volatile.Read(ref _malformed);
    public int Count => _arrivals.Count;
    public IReadOnlyList<Arrival> Arrivals => _arrivals.ToArray();

    internal async Task HandleAsync(HttpContext http)
    {
        var body = await ReadAllAsync(http.Request.BodyReader, http.RequestAborted);
        var request = http.Request;
        if (WebhookSignature.Verify(body, name => request.Headers[name].FirstOrDefault(), Secret, WebhookSignature.DefaultTolerance) is not null)
        {
            Interlocked.Increment(ref _signatureFailures);
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        string eventId, eventType;
        string? sessionId = null;
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            eventId = root.GetProperty("event_id").GetString()!;
            eventType = root.GetProperty("event_type").GetString()!;
            if (root.GetProperty("object").TryGetProperty("checkout_session", out var session)) sessionId = session.GetProperty("id").GetString();
            if (eventId != request.Headers["webhook-id"]) throw new InvalidOperationException("event_id differs from webhook-id.");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            Interlocked.Increment(ref _malformed);
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var first = _seen.TryAdd(eventId, 0);
        var status = FailFirstAttempts && first ? StatusCodes.Status500InternalServerError : StatusCodes.Status200OK;
        var arrival = new Arrival(eventId, eventType, sessionId, Stopwatch.GetTimestamp(), status, body);
        _arrivals.Enqueue(arrival);
        OnArrival?.Invoke(arrival);
        http.Response.StatusCode = status;
    }

    static async Task<byte[]> ReadAllAsync(PipeReader reader, CancellationToken ct)
    {
        while (true)
        {
            var result = await reader.ReadAsync(ct);
            if (result.IsCompleted)
            {
                var bytes = result.Buffer.ToArray();
                reader.AdvanceTo(result.Buffer.End);
                return bytes;
            }
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }
}

/// <summary>The webhook receiver: a minimal Kestrel app in the bench process on 127.0.0.1, port chosen by the OS.
/// Every request is verified with <see cref="WebhookSignature.Verify(ReadOnlySpan{byte}, Func{string, string?}, string, TimeSpan, DateTimeOffset?)"/>
/// against its path's secret and parsed; nothing is logged.</summary>
sealed class Receiver : IAsyncDisposable
{
    readonly WebApplication _app;
    readonly ConcurrentDictionary<string, Sink> _sinks = new(StringComparer.Ordinal);

    Receiver(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<Receiver> StartAsync(CancellationToken ct)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.AddServerHeader = false;
        });
        builder.Services.AddLogging(l => l.ClearProviders());
        var app = builder.Build();
        Receiver? receiver = null;
        app.Run(http =>
        {
            if (!HttpMethods.IsPost(http.Request.Method) || !receiver!._sinks.TryGetValue(http.Request.Path.Value ?? "", out var sink))
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }
            return sink.HandleAsync(http);
        });
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver = new Receiver(app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
        return receiver;
    }

    public Sink Add(string path, string secret)
    {
        var sink = new Sink(path, secret);
        if (!_sinks.TryAdd(path, sink)) throw new InvalidOperationException($"Path {path} is taken.");
        return sink;
    }

    public Uri UrlFor(string path) => new(BaseAddress, path);

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
        await _app.DisposeAsync();
    }
}
