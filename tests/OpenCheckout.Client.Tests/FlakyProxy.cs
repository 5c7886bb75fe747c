using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;

namespace OpenCheckout.Client.Tests;

/// <summary>A real HTTP hop in front of the real server that misbehaves on chosen attempts: each request is handed to
/// <c>fault</c> with its 1-based attempt number, which either answers itself (returns true) or lets it through.</summary>
public sealed class FlakyProxy : IAsyncDisposable
{
    public sealed record Attempt(string Method, string PathAndQuery, string? IdempotencyKey, DateTimeOffset At);

    readonly string _target;
    readonly Func<int, HttpContext, FlakyProxy, Task<bool>> _fault;
    readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
    readonly List<Attempt> _attempts = [];
    readonly List<string?> _replayed = [];
    LocalHttpServer _server = null!;

    FlakyProxy(string target, Func<int, HttpContext, FlakyProxy, Task<bool>> fault) => (_target, _fault) = (target, fault);

    public string BaseUrl => _server.BaseUrl;

    public IReadOnlyList<Attempt> Attempts { get { lock (_attempts) return _attempts.ToList(); } }

    /// <summary>The <c>Idempotent-Replayed</c> header of each response the server gave, in order.</summary>
    public IReadOnlyList<string?> Replayed { get { lock (_attempts) return _replayed.ToList(); } }

    public static async Task<FlakyProxy> StartAsync(string target, Func<int, HttpContext, FlakyProxy, Task<bool>> fault)
    {
        var proxy = new FlakyProxy(target, fault);
        proxy._server = await LocalHttpServer.StartAsync(proxy.HandleAsync);
        return proxy;
    }

    async Task HandleAsync(HttpContext context)
    {
        int number;
        lock (_attempts)
        {
            _attempts.Add(new Attempt(context.Request.Method, context.Request.Path + context.Request.QueryString,
                context.Request.Headers["Idempotency-Key"].FirstOrDefault(), DateTimeOffset.UtcNow));
            number = _attempts.Count;
        }
        if (await _fault(number, context, this)) return;
        using var response = await ForwardAsync(context);
        await CopyAsync(response, context);
    }

    /// <summary>Sends the request on to the server and returns its answer, which the caller may pass on or drop.</summary>
    public async Task<HttpResponseMessage> ForwardAsync(HttpContext context)
    {
        context.Request.EnableBuffering();
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        context.Request.Body.Position = 0;
        var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), _target + context.Request.Path + context.Request.QueryString);
        if (body.Length > 0 || context.Request.ContentType is not null)
        {
            request.Content = new ByteArrayContent(body.ToArray());
            if (context.Request.ContentType is { } type) request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        }
        foreach (var name in new[] { "Authorization", "Idempotency-Key", "User-Agent" })
            if (context.Request.Headers[name].FirstOrDefault() is { } value) request.Headers.TryAddWithoutValidation(name, value);
        var response = await _http.SendAsync(request);
        lock (_attempts)
            _replayed.Add(response.Headers.TryGetValues("Idempotent-Replayed", out var replayed) ? replayed.First() : null);
        return response;
    }

    static async Task CopyAsync(HttpResponseMessage response, HttpContext context)
    {
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers)
            if (name is "Request-Id" or "Idempotent-Replayed" or "Retry-After") context.Response.Headers[name] = values.ToArray();
        context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
        await response.Content.CopyToAsync(context.Response.Body);
    }

    /// <summary>An error answer in the contract's shape.</summary>
    public static async Task<bool> ErrorAsync(HttpContext context, int status, string? retryAfter, string type = "api_error", string code = "unavailable")
    {
        context.Response.StatusCode = status;
        context.Response.Headers["Request-Id"] = "req_proxy0000000000000000";
        if (retryAfter is not null) context.Response.Headers.RetryAfter = retryAfter;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($$"""
            {"error":{"type":"{{type}}","code":"{{code}}","message":"Try again later.","param":null},
             "detail":[{"loc":["body"],"msg":"{{code}}: Try again later.","type":"{{code}}"}]}
            """);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _http.Dispose();
    }
}
