using System.Security.Cryptography;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;
using OpenCheckout.Server.Infrastructure.Http;
using OpenCheckout.Server.Infrastructure.Nodes;

namespace OpenCheckout.Server.Infrastructure.Idempotency;

/// <summary>Contract section 9: a POST/PATCH with an <c>Idempotency-Key</c> runs once per (account, mode, method, normalised
/// path, key, body). The same body again gets the first answer byte for byte; while the first run is still going, a 409 —
/// but only while the node running it is alive: a retry after a crash takes the claim over at once. A different body under
/// the same key runs as a request of its own (or is refused, with <c>Idempotency:OnMismatch=reject</c>). The answer is
/// kept in the effect's own transaction (<see cref="RequestWrites"/>), so neither a crash nor a client that hangs up can
/// let an effect run twice; a run that changed nothing drops its claim, and the key may be used again.</summary>
static class IdempotencyMiddleware
{
    public const string Header = "Idempotency-Key";
    const int MaxKeyLength = 255;

    /// <summary>A claim still unanswered after this long is taken over even if its node is alive: its run has failed in a
    /// way that left the claim behind (a request takes seconds at most). The fence keeps a late first run from committing.</summary>
    static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(1);

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
        var writes = services.GetRequiredService<IUnitOfWork>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var record = new IdempotencyRecord
        {
            AccountId = merchant.AccountId,
            TestMode = merchant.TestMode,
            Method = http.Request.Method,
            Path = NormalisedPath(http),
            Key = key,
            RequestHash = SHA256.HashData(body),
            ClaimToken = Guid.NewGuid().ToString("N"),
            HolderInstance = services.GetRequiredService<ThisNode>().InstanceId,
            ClaimedAt = DateTime.UtcNow,
            CreatedAt = now,
        };
        var rejectMismatch = services.GetRequiredService<IOptions<OpenCheckoutOptions>>().Value.Idempotency.OnMismatch == IdempotencyMismatch.Reject;

        var existing = await writes.RunAsync((db, ct) => ClaimAsync(db, record, rejectMismatch, ct));
        if (existing is not null)
        {
            await (!existing.RequestHash.AsSpan().SequenceEqual(record.RequestHash) ? ApiErrors.IdempotencyMismatch().WriteAsync(http)
                : existing.StatusCode is { } status ? ReplayAsync(http, status, existing.ResponseBody ?? [])
                : ApiErrors.IdempotencyInProgress().WriteAsync(http));
            return;
        }

        var claim = new IdempotencyClaim(record);
        http.Features.Set(claim);
        try
        {
            await next(http);
        }
        catch (IdempotencyClaimLostException) when (!http.Response.HasStarted)
        {
            await ApiErrors.IdempotencyInProgress().WriteAsync(http);
        }
        finally
        {
            // Only an unanswered claim of this run is dropped: whatever committed keeps its answer.
            if (!claim.Answered) await ReleaseAsync(claim, writes, services);
        }
    });

    /// <summary>A claim that cannot be dropped now (the database is away) is dropped once it answers again, tried every
    /// second in the background; failing that, it is taken over by a retry once <see cref="AbandonedAfter"/> old, or at
    /// once if this node dies.</summary>
    static async Task ReleaseAsync(IdempotencyClaim claim, IUnitOfWork writes, IServiceProvider services)
    {
        try
        {
            await claim.ReleaseAsync(writes);
        }
        catch (Exception e) when (e.IsUnavailable())
        {
            services.GetRequiredService<ILoggerFactory>().CreateLogger("OpenCheckout.Idempotency")
                .LogWarning("Could not drop the claim of key {Key} ({Error}); retrying every second", claim.Record.Key, e.GetBaseException().Message);
            _ = Task.Run(() => ReleaseLaterAsync(claim, writes));
        }
    }

    static async Task ReleaseLaterAsync(IdempotencyClaim claim, IUnitOfWork writes)
    {
        for (var attempt = 0; attempt < AbandonedAfter.TotalSeconds; attempt++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            try
            {
                await claim.ReleaseAsync(writes);
                return;
            }
            catch (Exception e) when (e.IsUnavailable())
            {
            }
        }
    }

    /// <summary>Claims <paramref name="record"/> and returns null, or returns the record that stands in its way: answered (a
    /// replay), still running on a live node (409), or another body under the key when mismatches are refused. A claim
    /// whose holder is gone is taken over.</summary>
    static async Task<IdempotencyRecord?> ClaimAsync(CheckoutDb db, IdempotencyRecord record, bool rejectMismatch, CancellationToken ct)
    {
        if (rejectMismatch)
        {
            var hash = record.RequestHash;
            var other = await IdempotencyClaim.SameKey(db, record).AsNoTracking().Where(x => x.RequestHash != hash).FirstOrDefaultAsync(ct);
            if (other is not null) return other;
        }
        var existing = await IdempotencyClaim.Same(db, record).AsNoTracking().FirstOrDefaultAsync(ct);
        if (existing is null)
        {
            db.IdempotencyRecords.Add(record);
            return null;
        }
        if (existing.StatusCode is not null) return existing;

        var abandonedBefore = record.ClaimedAt - AbandonedAfter;
        var holderAlive = await db.LiveNodeInstances.AnyAsync(n => n.Id == existing.HolderInstance, ct);
        if (holderAlive && existing.ClaimedAt >= abandonedBefore) return existing;
        var (token, holder, claimedAt) = (record.ClaimToken, record.HolderInstance, record.ClaimedAt);
        var takenOver = await IdempotencyClaim.Same(db, record).Where(x => x.ClaimToken == existing.ClaimToken && x.StatusCode == null)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.ClaimToken, token).SetProperty(x => x.HolderInstance, holder)
                .SetProperty(x => x.ClaimedAt, claimedAt), ct);
        return takenOver == 1 ? null : existing;
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

    static async Task ReplayAsync(HttpContext http, int status, byte[] body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = ApiResponse.ContentType;
        http.Response.Headers["Idempotent-Replayed"] = "true";
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }
}
