using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Http;

namespace OpenCheckout.Server.Infrastructure.Idempotency;

/// <summary>How an endpoint writes: its whole change, and the answer it makes of it, in one unit of work.</summary>
static class RequestWrites
{
    /// <summary>Runs <paramref name="work"/> in a unit of work of its own and answers with what it returns; a keyed request's
    /// answer is kept for its replays in that same unit of work.</summary>
    public static Task<ApiResponse> WriteAsync(this HttpContext http, Func<CheckoutDb, CancellationToken, Task<ApiResponse>> work) =>
        http.RequestServices.GetRequiredService<IUnitOfWork>().RunAsync(async (db, ct) =>
        {
            var answer = await work(db, ct);
            await http.RecordAnswerAsync(db, answer, ct);
            return answer;
        });

    /// <summary>Inside a unit of work whose change <paramref name="answer"/> describes: keeps it for idempotent replays.</summary>
    public static Task RecordAnswerAsync(this HttpContext http, CheckoutDb db, ApiResponse answer, CancellationToken ct) =>
        http.Features.Get<IdempotencyClaim>() is { } claim ? claim.RecordAsync(db, answer, ct) : Task.CompletedTask;
}
