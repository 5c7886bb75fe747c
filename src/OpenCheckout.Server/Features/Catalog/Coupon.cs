using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Catalog;

/// <summary>A discount a checkout session can apply: a fixed amount or a percentage, to the whole order or only to
/// lines with given prices or products. Terms never change after creation; only the redemption count moves.</summary>
public sealed class Coupon : IOwnedObject
{
    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public bool TestMode { get; init; }
    public string Name { get; init; } = "";
    /// <summary>Minor units of the session's currency (Flex coupons carry no currency unless one is given).</summary>
    public long? AmountOff { get; init; }
    /// <summary>Percent in hundredths (1250 = 12.5 %), so the arithmetic stays in integers.</summary>
    public long? PercentOffBasisPoints { get; init; }
    public string? Currency { get; init; }
    public List<string> AppliesToPrices { get; init; } = [];
    public List<string> AppliesToProducts { get; init; } = [];
    public string Duration { get; init; } = "once";
    public long? DurationInMonths { get; init; }
    public long? MaxRedemptions { get; init; }
    /// <summary>Paid sessions that used the coupon; raised in the payment's transaction.</summary>
    public long TimesRedeemed { get; set; }
    public Dictionary<string, string> Metadata { get; init; } = [];
    public DateTime CreatedAt { get; init; }

    public bool Valid => MaxRedemptions is not { } max || TimesRedeemed < max;
}
