using OpenCheckout.Sessions;
using OpenCheckout.Server.Infrastructure.Errors;
using OpenCheckout.Server.Infrastructure.Http;

namespace OpenCheckout.Server.Features.Sessions;

/// <summary>The filters of <c>GET /v1/checkout/sessions</c>: <c>status</c> as a reader sees it (an open session past
/// <c>expires_at</c> is expired), <c>client_reference_id</c>, <c>payment_link</c>, and <c>created[gte]</c>/<c>created[lte]</c> in whole
/// seconds (<see cref="CreatedBefore"/> is exclusive).</summary>
sealed record SessionListFilter(string? Status, string? ClientReferenceId, DateTime? CreatedFrom, DateTime? CreatedBefore,
    string? PaymentLinkId = null)
{
    public static SessionListFilter? Parse(IQueryCollection query, out ApiError? error)
    {
        var status = query["status"].FirstOrDefault();
        if (status is not (null or SessionStatus.Open or SessionStatus.Complete or SessionStatus.Expired))
        {
            error = ApiErrors.Invalid("status", "parameter_invalid_string", "status must be open, complete or expired.");
            return null;
        }
        var from = QueryFilters.UnixTime(query, "created[gte]", out error);
        if (error is not null) return null;
        var to = QueryFilters.UnixTime(query, "created[lte]", out error);
        if (error is not null) return null;
        // created is shown in whole seconds; lte includes the whole second
        return new SessionListFilter(status, query["client_reference_id"].FirstOrDefault(), from, to?.AddSeconds(1),
            query["payment_link"].FirstOrDefault());
    }
}
