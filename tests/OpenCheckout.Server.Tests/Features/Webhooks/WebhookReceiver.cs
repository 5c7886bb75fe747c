using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OpenCheckout.Webhooks;

namespace OpenCheckout.Server.Tests.Features.Webhooks;

/// <summary>A merchant's webhook receiver: a real Kestrel server on 127.0.0.1 that records every request as it
/// arrives and answers the way the test says (<see cref="Respond"/>, default 200).</summary>
sealed class WebhookReceiver : IAsyncDisposable
{
    readonly WebApplication _app;
    readonly List<ReceivedWebhook> _received = [];
    readonly CancellationTokenSource _stopping = new();

    /// <summary>The answer to each request; it may wait (a slow receiver) on the token, which ends when the receiver stops
    /// or the sender gives up.</summary>
    public Func<ReceivedWebhook, CancellationToken, Task<Reply>> Respond { get; set; } = (_, _) => Task.FromResult(Reply.Ok);

    public int Port { get; }

    WebhookReceiver(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    /// <summary>Starts listening on <paramref name="port"/> (0: any free port).</summary>
    public static async Task<WebhookReceiver> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = Path.GetTempPath() });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        WebhookReceiver? receiver = null;
        app.Run(http => receiver!.HandleAsync(http));
        await app.StartAsync();
        var address = new Uri(app.Urls.First());
        receiver = new WebhookReceiver(app, address.Port);
        return receiver;
    }

    /// <summary>A receiver that is down: a port bound but not listening, so connections to it are refused, and no one
    /// else can take it until <see cref="DownReceiver.StartAsync"/> releases it to a receiver.</summary>
    public static DownReceiver Down()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return new DownReceiver(socket);
    }

    public sealed class DownReceiver(Socket socket) : IDisposable
    {
        public int Port { get; } = ((IPEndPoint)socket.LocalEndPoint!).Port;

        public string Url(string path = "/hooks") => $"http://127.0.0.1:{Port}{path}";

        /// <summary>Brings the receiver up on the same port.</summary>
        public Task<WebhookReceiver> StartAsync()
        {
            socket.Dispose();
            return WebhookReceiver.StartAsync(Port);
        }

        public void Dispose() => socket.Dispose();
    }

    public string Url(string path = "/hooks") => $"http://127.0.0.1:{Port}{path}";

    public IReadOnlyList<ReceivedWebhook> Received
    {
        get
        {
            lock (_received) return _received.ToList();
        }
    }

    /// <summary>Waits (polling, bounded) until at least <paramref name="count"/> requests have arrived.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        while (Received.Count < count)
        {
            if (deadline.Elapsed > (timeout ?? TimeSpan.FromSeconds(15)))
                throw new TimeoutException($"Expected {count} webhook requests, got {Received.Count}.");
            await Task.Delay(20);
        }
        return Received;
    }

    async Task HandleAsync(HttpContext http)
    {
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, http.RequestAborted);
        var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var request = new ReceivedWebhook(http.Request.Method, http.Request.Path, headers, Encoding.UTF8.GetString(body.ToArray()));
        lock (_received) _received.Add(request);

        using var ct = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, _stopping.Token);
        Reply reply;
        try
        {
            reply = await Respond(request, ct.Token);
        }
        catch (OperationCanceledException)
        {
            http.Abort(); // stopped while holding the request: the sender sees the connection drop, never an answer
            return;
        }
        http.Response.StatusCode = reply.Status;
        if (reply.Location is not null) http.Response.Headers.Location = reply.Location;
        await http.Response.WriteAsync(reply.Body);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}

/// <summary>What the receiver answers.</summary>
sealed record Reply(int Status, string Body = "", string? Location = null)
{
    public static readonly Reply Ok = new(200, "ok");
}

/// <summary>One request as the receiver saw it.</summary>
sealed record ReceivedWebhook(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.GetValueOrDefault(name);

    public string Id => Headers["webhook-id"];

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    /// <summary>What a merchant's handler does: checks the signature with the endpoint's secret, at <paramref name="now"/>.</summary>
    public bool VerifiesWith(string secret, DateTimeOffset now) =>
        WebhookSignature.Verify(Body, Headers, secret, WebhookSignature.DefaultTolerance, now);

    /// <summary>The same check with only the <c>svix-</c> headers, as Svix's libraries send them.</summary>
    public bool VerifiesWithSvixHeadersOnly(string secret, DateTimeOffset now) =>
        WebhookSignature.Verify(Body, Headers.Where(h => h.Key.StartsWith("svix-", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(h => h.Key, h => h.Value), secret, WebhookSignature.DefaultTolerance, now);
}
