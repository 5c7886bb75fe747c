using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Http;

namespace OpenCheckout.Server.Infrastructure.Idempotency;

/// <summary>How an endpoint writes: its whole change, and the answer it makes of it, in one unit of work.</summary>
static class RequestWrites
{
    /// <summary>Runs <paramref name="work"/> in a unit of work of its own and answers with what it returns; a keyed request is
    /// held for the whole unit of work, and its answer kept for its replays in it.</summary>
    public static Task<ApiResponse> WriteAsync(this HttpContext http, Func<CheckoutDb, CancellationToken, Task<ApiResponse>> work) =>
        http.RequestServices.GetRequiredService<IUnitOfWork>().RunAsync(async (db, ct) =>
        {
            if (http.Features.Get<IdempotencyRecord>() is { } request
                && !await http.RequestServices.GetRequiredService<IIdempotencyRecords>().TryHoldAsync(db, request, ct))
                throw new IdempotencyKeyTakenException();
            var answer = await work(db, ct);
            await http.RecordAnswerAsync(db, answer, ct);
            return answer;
        });

    /// <summary>Inside a unit of work whose change <paramref name="answer"/> describes: keeps it for idempotent replays. Throws
    /// <see cref="IdempotencyKeyTakenException"/>, rolling the effect back, when another run of the request has the key.</summary>
    public static async Task RecordAnswerAsync(this HttpContext http, CheckoutDb db, ApiResponse answer, CancellationToken ct)
    {
        if (http.Features.Get<IdempotencyRecord>() is not { } request || !answer.ChangedSomething) return;
        (request.StatusCode, request.ResponseBody) = (answer.Status, answer.Body);
        if (!await http.RequestServices.GetRequiredService<IIdempotencyRecords>().TryAddAsync(db, request, ct))
            throw new IdempotencyKeyTakenException();
    }
}

/// <summary>Another run of the same keyed request answered first, or is answering this moment.</summary>
sealed class IdempotencyKeyTakenException() : Exception("Another run of this keyed request has its answer kept, or is keeping it now.");
