using System.Security.Cryptography;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.Options;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Errors;
using OpenCheckout.Server.Infrastructure.Http;

namespace OpenCheckout.Server.Infrastructure.Idempotency;

/// <summary>Contract section 9: a POST/PATCH with an <c>Idempotency-Key</c> runs once per (account, mode, method, normalised
/// path, key, body). The same body again gets the first answer byte for byte; while the first run is still going, a 409.
/// A different body under the same key runs as a request of its own (or is refused, with
/// <c>Idempotency:OnMismatch=reject</c>). The answer is kept in the effect's own unit of work (<see cref="RequestWrites"/>),
/// and nothing before it: a crash or a client that hangs up leaves either the effect with its answer or nothing at all, so
/// a retry replays or runs, never both, and never waits for a dead run.</summary>
static class IdempotencyMiddleware
{
    public const string Header = "Idempotency-Key";
    const int MaxKeyLength = 255;

    public static IApplicationBuilder UseIdempotencyKeys(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var key = http.Request.Headers[Header].ToString();
        if (key.Length == 0 || !(HttpMethods.IsPost(http.Request.Method) || HttpMethods.IsPatch(http.Request.Method))
            || http.Features.Get<Merchant>() is not { } merchant)
        {
            await next(http);
            return;
        }
        if (key.Length > MaxKeyLength)
        {
            await ApiErrors.Invalid(Header, "idempotency_key_invalid", $"{Header} must be at most {MaxKeyLength} characters.").WriteAsync(http);
            return;
        }
        var (body, bodyError) = await RequestBody.ReadBytesAsync(http);
        if (bodyError is not null)
        {
            await bodyError.WriteAsync(http);
            return;
        }

        var services = http.RequestServices;
        var records = services.GetRequiredService<IIdempotencyRecords>();
        var request = new IdempotencyRecord
        {
            AccountId = merchant.AccountId,
            TestMode = merchant.TestMode,
            Method = http.Request.Method,
            Path = NormalisedPath(http),
            Key = key,
            RequestHash = SHA256.HashData(body),
            CreatedAt = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime,
        };
        var running = services.GetRequiredService<RunningKeyedRequests>();
        var name = RunningKeyedRequests.Name(request);
        if (!running.TryStart(name))
        {
            await ApiErrors.IdempotencyInProgress().WriteAsync(http);
            return;
        }
        try
        {
            await RunOnceAsync(http, next, records, request, () => running.End(name));
        }
        finally
        {
            running.End(name);
        }
    });

    static async Task RunOnceAsync(HttpContext http, RequestDelegate next, IIdempotencyRecords records, IdempotencyRecord request, Action ended)
    {
        var kept = await records.FindAsync(request, CancellationToken.None);
        if (kept.Find(r => r.RequestHash.AsSpan().SequenceEqual(request.RequestHash)) is { } answered)
        {
            await ReplayAsync(http, answered);
            return;
        }
        if (kept.Count > 0 && http.RequestServices.GetRequiredService<IOptions<OpenCheckoutOptions>>().Value.Idempotency.OnMismatch == IdempotencyMismatch.Reject)
        {
            await ApiErrors.IdempotencyMismatch().WriteAsync(http);
            return;
        }

        http.Features.Set(request);
        // Once the answer is being sent, it has committed: a retry from a client that already has it finds it kept.
        http.Response.OnStarting(() =>
        {
            ended();
            return Task.CompletedTask;
        });
        try
        {
            await next(http);
        }
        catch (IdempotencyKeyTakenException) when (!http.Response.HasStarted)
        {
            // Another run of this request took the key while this one ran (this run's effect was rolled back): its answer
            // once it has committed, a 409 while it is still running.
            kept = await records.FindAsync(request, CancellationToken.None);
            await (kept.Find(r => r.RequestHash.AsSpan().SequenceEqual(request.RequestHash)) is { } first
                ? ReplayAsync(http, first)
                : ApiErrors.IdempotencyInProgress().WriteAsync(http));
        }
    }

    /// <summary>The path as its route spells it, with the route's values: <c>/v1/Products/</c> is <c>/v1/products</c>, while
    /// an id keeps its case. A path no route matches is lower-cased without its trailing slash.</summary>
    static string NormalisedPath(HttpContext http)
    {
        if (http.GetEndpoint() is not RouteEndpoint { RoutePattern: var pattern })
            return (http.Request.Path.Value ?? "").TrimEnd('/').ToLowerInvariant();
        return "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content.ToLowerInvariant(),
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter => http.GetRouteValue(parameter.Name)?.ToString(),
            _ => "",
        }))));
    }

    static async Task ReplayAsync(HttpContext http, IdempotencyRecord answered)
    {
        http.Response.StatusCode = answered.StatusCode;
        http.Response.ContentType = ApiResponse.ContentType;
        http.Response.Headers["Idempotent-Replayed"] = "true";
        await http.Response.Body.WriteAsync(answered.ResponseBody, http.RequestAborted);
    }
}
