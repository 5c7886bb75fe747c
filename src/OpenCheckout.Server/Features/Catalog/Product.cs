using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Catalog;

public sealed class Product : IOwnedObject
{
    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public bool TestMode { get; init; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public bool Active { get; set; } = true;
    public Dictionary<string, string> Metadata { get; set; } = [];
    public string? Url { get; set; }
    public string? Gtin { get; set; }
    public string? UpcCode { get; set; }
    public string? ReferenceGtin { get; set; }
    public string? ClientReferenceId { get; set; }
    public List<string> ImageUrls { get; set; } = [];
    public List<string> Categories { get; set; } = [];
    public string HsaFsaEligibility { get; set; } = "not_eligible";
    public DateTime CreatedAt { get; init; }
}

/// <summary>A one-time or recurring price. Amount, currency, product and recurrence never change after creation.</summary>
public sealed class Price : IOwnedObject
{
    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public bool TestMode { get; init; }
    public required string ProductId { get; init; }
    public long UnitAmount { get; init; }
    public required string Currency { get; init; }
    public string? Description { get; set; }
    public bool Active { get; set; } = true;
    public Dictionary<string, string> Metadata { get; set; } = [];
    public DateTime CreatedAt { get; init; }
    /// <summary>Set for recurring prices, with <see cref="IntervalCount"/>.</summary>
    public RecurringInterval? Interval { get; init; }
    public int? IntervalCount { get; init; }
    /// <summary>The trial a subscription to this price starts with, unless the session sets its own.</summary>
    public int? TrialPeriodDays { get; init; }

    public Recurrence? Recurrence => Interval is { } interval ? new Recurrence(interval, IntervalCount ?? 1) : null;
}
