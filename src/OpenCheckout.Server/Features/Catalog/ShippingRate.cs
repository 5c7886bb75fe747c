using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Catalog;

/// <summary>A named shipping charge a session can offer. Flex's shape: <c>{display_name, amount}</c>.</summary>
public sealed class ShippingRate : IOwnedObject
{
    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public bool TestMode { get; init; }
    public required string DisplayName { get; init; }
    public long Amount { get; init; }
    public string? Currency { get; init; }
    public bool Active { get; set; } = true;
    public Dictionary<string, string> Metadata { get; set; } = [];
    public DateTime CreatedAt { get; init; }
}
