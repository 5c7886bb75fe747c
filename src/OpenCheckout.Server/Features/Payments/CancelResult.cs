using OpenCheckout.Server.Features.Sessions;
using OpenCheckout.Server.Infrastructure.Errors;

namespace OpenCheckout.Server.Features.Payments;

public abstract record CancelResult
{
    /// <summary>The authorization was released; <paramref name="Session"/> is still complete, and unpaid.</summary>
    public sealed record Canceled(CheckoutSession Session) : CancelResult;
    /// <summary>Nothing changed.</summary>
    public sealed record Refused(ApiError Error) : CancelResult;
}
