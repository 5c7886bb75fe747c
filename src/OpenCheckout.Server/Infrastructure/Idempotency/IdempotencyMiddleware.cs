using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;
using OpenCheckout.Server.Infrastructure.Http;

namespace OpenCheckout.Server.Infrastructure.Idempotency;

/// <summary>Contract section 9: a POST/PATCH with an <c>Idempotency-Key</c> runs once per (account, mode,
/// method, path, key). A replay with the same body gets the first response byte for byte; a different
/// body is a 400; a replay while the first still runs is a 409. Only responses that changed something are
/// kept: a request refused by validation stores nothing and may be retried with the same key.</summary>
static class IdempotencyMiddleware
{
    public const string Header = "Idempotency-Key";
    const int MaxKeyLength = 255;
    static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

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

        var db = http.RequestServices.GetRequiredService<CheckoutDb>();
        var commits = http.RequestServices.GetRequiredService<IUnitOfWork>();
        var clock = http.RequestServices.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow().UtcDateTime;
        var record = new IdempotencyRecord
        {
            AccountId = merchant.AccountId,
            TestMode = merchant.TestMode,
            Method = http.Request.Method,
            Path = http.Request.Path.Value ?? "",
            Key = key,
            RequestHash = SHA256.HashData(body),
            CreatedAt = now,
            LockedUntil = now + Lease,
        };

        if (!await TryClaimAsync(commits, db, record, now, http.RequestAborted))
        {
            var existing = await Find(db, record).AsNoTracking().FirstOrDefaultAsync(http.RequestAborted);
            if (existing is null) await ApiErrors.IdempotencyInProgress().WriteAsync(http);
            else if (!existing.RequestHash.AsSpan().SequenceEqual(record.RequestHash)) await ApiErrors.IdempotencyMismatch().WriteAsync(http);
            else if (existing.StatusCode is null) await ApiErrors.IdempotencyInProgress().WriteAsync(http);
            else await ReplayAsync(http, existing);
            return;
        }

        int status;
        string? contentType;
        byte[] response;
        try
        {
            (status, contentType, response) = await CaptureAsync(http, next);
        }
        catch
        {
            await commits.RunAsync((db, ct) => Find(db, record).ExecuteDeleteAsync(ct)); // let the client retry with the same key
            throw;
        }
        if (ChangedSomething(status))
            await commits.RunAsync((db, ct) => Find(db, record).ExecuteUpdateAsync(u => u
                .SetProperty(r => r.StatusCode, status)
                .SetProperty(r => r.ContentType, contentType)
                .SetProperty(r => r.ResponseBody, response), ct));
        else
            await commits.RunAsync((db, ct) => Find(db, record).ExecuteDeleteAsync(ct));
    });

    /// <summary>Inserts the record; the primary key lets exactly one concurrent request win. A claim
    /// whose holder died (lease lapsed, no response) is taken over.</summary>
    static async Task<bool> TryClaimAsync(IUnitOfWork commits, CheckoutDb db, IdempotencyRecord record, DateTime now, CancellationToken ct)
    {
        try
        {
            await commits.RunAsync((db, _) =>
            {
                db.Add(record);
                return Task.FromResult(true);
            });
            return true;
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            var hash = record.RequestHash;
            return await Find(db, record)
                .Where(r => r.StatusCode == null && r.LockedUntil < now && r.RequestHash == hash)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.LockedUntil, record.LockedUntil), ct) == 1;
        }
    }

    static IQueryable<IdempotencyRecord> Find(CheckoutDb db, IdempotencyRecord r) => db.IdempotencyRecords.Where(x =>
        x.AccountId == r.AccountId && x.TestMode == r.TestMode && x.Method == r.Method && x.Path == r.Path && x.Key == r.Key);

    /// <summary>2xx, and 402 (a declined payment attempt is recorded on its payment intent).</summary>
    static bool ChangedSomething(int status) => status is >= 200 and < 300 or 402;

    static async Task<(int Status, string? ContentType, byte[] Body)> CaptureAsync(HttpContext http, RequestDelegate next)
    {
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await next(http);
        }
        finally
        {
            http.Response.Body = original;
        }
        var bytes = buffer.ToArray();
        await original.WriteAsync(bytes, http.RequestAborted);
        return (http.Response.StatusCode, http.Response.ContentType, bytes);
    }

    static async Task ReplayAsync(HttpContext http, IdempotencyRecord stored)
    {
        http.Response.StatusCode = stored.StatusCode!.Value;
        http.Response.ContentType = stored.ContentType;
        http.Response.Headers["Idempotent-Replayed"] = "true";
        await http.Response.Body.WriteAsync(stored.ResponseBody ?? [], http.RequestAborted);
    }
}
