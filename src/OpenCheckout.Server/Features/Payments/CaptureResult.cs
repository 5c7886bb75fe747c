using OpenCheckout.Server.Features.Sessions;
using OpenCheckout.Server.Infrastructure.Errors;

namespace OpenCheckout.Server.Features.Payments;

public abstract record CaptureResult
{
    public sealed record Captured(CheckoutSession Session, Capture Capture) : CaptureResult;
    /// <summary>Nothing was captured or stored.</summary>
    public sealed record Refused(ApiError Error) : CaptureResult;
}
