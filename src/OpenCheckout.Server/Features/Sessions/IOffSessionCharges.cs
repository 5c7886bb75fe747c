using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Http;

namespace OpenCheckout.Server.Features.Sessions;

/// <summary><c>mode: off_session</c>: stores the session a draft describes and charges the customer's saved card at
/// once, answering the request. Implemented by Payments (which depends on Sessions, so Sessions names only this).</summary>
interface IOffSessionCharges
{
    Task<ApiResponse> CreateAndChargeAsync(HttpContext http, Merchant merchant, SessionDraft draft, string paymentMethodId, CancellationToken ct);
}
