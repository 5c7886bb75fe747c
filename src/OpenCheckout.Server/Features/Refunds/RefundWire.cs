using System.Security.Cryptography;
using System.Text;
using OpenCheckout.Server.Infrastructure.Http;
using Wire = OpenCheckout.Wire;

namespace OpenCheckout.Server.Features.Refunds;

static class RefundWire
{
    public static Wire.Refund ToWire(this Refund r) => new(
        r.Id, r.PaymentIntentId, r.SessionId, r.Amount, r.Currency, r.Status, r.Reason, r.Metadata, Unix.Seconds(r.CreatedAt), r.TestMode)
    {
        ReferenceId = r.Status == RefundStatus.Succeeded ? AcquirerReferenceNumber(r.Id) : null,
        ReferenceType = r.Status == RefundStatus.Succeeded ? "acquirer_reference_number" : null,
        ReferenceStatus = r.Status switch
        {
            RefundStatus.Succeeded => "available",
            RefundStatus.Failed or RefundStatus.Canceled => "unavailable",
            _ => "pending",
        },
    };

    /// <summary>The test card network's acquirer reference number: 23 digits, the same for a refund every time it is read
    /// (made from its id, so nothing is stored). A live processor will hand over its own.</summary>
    static string AcquirerReferenceNumber(string refundId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(refundId));
        var digits = new StringBuilder(23);
        foreach (var b in hash)
        {
            if (digits.Length == 23) break;
            digits.Append((char)('0' + b % 10));
        }
        return digits.ToString();
    }
}
