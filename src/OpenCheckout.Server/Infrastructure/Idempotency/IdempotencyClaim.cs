using Microsoft.EntityFrameworkCore;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Http;

namespace OpenCheckout.Server.Infrastructure.Idempotency;

/// <summary>The claim a keyed request runs under (an HTTP feature while it runs). Its answer is written by
/// <see cref="RecordAsync"/> inside the unit of work of the effect, fenced by the claim token: if another run took the
/// claim over meanwhile, the effect rolls back instead of happening twice.</summary>
sealed class IdempotencyClaim(IdempotencyRecord record)
{
    public IdempotencyRecord Record => record;

    /// <summary>Set once the unit of work that recorded the answer has committed.</summary>
    public bool Answered { get; private set; }

    public async Task RecordAsync(CheckoutDb db, ApiResponse answer, CancellationToken ct)
    {
        if (!answer.ChangedSomething) return;
        var (status, body) = (answer.Status, answer.Body);
        var recorded = await Mine(db).ExecuteUpdateAsync(u => u
            .SetProperty(r => r.StatusCode, status)
            .SetProperty(r => r.ResponseBody, body), ct);
        if (recorded != 1) throw new IdempotencyClaimLostException();
        db.AfterCommit(nameof(IdempotencyClaim), () => Answered = true);
    }

    /// <summary>Drops the claim of a run that changed nothing, so the key may be used again.</summary>
    public Task ReleaseAsync(IUnitOfWork writes) => writes.RunAsync((db, ct) => Mine(db).ExecuteDeleteAsync(ct));

    /// <summary>This run's claim while unanswered.</summary>
    IQueryable<IdempotencyRecord> Mine(CheckoutDb db)
    {
        var (r, token) = (record, record.ClaimToken);
        return Same(db, r).Where(x => x.ClaimToken == token && x.StatusCode == null);
    }

    /// <summary>The record of this very request: its key and its body.</summary>
    public static IQueryable<IdempotencyRecord> Same(CheckoutDb db, IdempotencyRecord r)
    {
        var hash = r.RequestHash;
        return SameKey(db, r).Where(x => x.RequestHash == hash);
    }

    /// <summary>The records of every body sent under this request's key (account, mode, method, path, key).</summary>
    public static IQueryable<IdempotencyRecord> SameKey(CheckoutDb db, IdempotencyRecord r) => db.IdempotencyRecords.Where(x =>
        x.AccountId == r.AccountId && x.TestMode == r.TestMode && x.Method == r.Method && x.Path == r.Path && x.Key == r.Key);
}

/// <summary>Another run took this request's claim over (it took this node for gone): this run's effect is rolled back.</summary>
sealed class IdempotencyClaimLostException() : Exception("The idempotency claim was taken over by another run of the request.");
