using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Customers;

/// <summary>A buyer of one account and mode: made through the API, or found (by email) or made when a session is paid.</summary>
public sealed class Customer : IOwnedObject
{
    public const int NameLength = 200;
    public const int PhoneLength = 40;
    public const int EmailLength = 512;

    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public bool TestMode { get; init; }
    /// <summary>Unique among the account's customers of one mode that are not deleted.</summary>
    public required string Email { get; set; }
    /// <summary>The name the buyer last paid with; shown when neither <see cref="FirstName"/> nor <see cref="LastName"/> is set.</summary>
    public string? Name { get; set; }
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public string? Phone { get; set; }
    public Wire.CustomerShipping? Shipping { get; set; }
    public Dictionary<string, string> Metadata { get; set; } = [];
    public DateTime CreatedAt { get; init; }
    /// <summary>The test clock the customer was made on (test mode; fixed): its sessions and payments run on that clock's time.</summary>
    public string? TestClockId { get; init; }
    /// <summary>Deleted customers stay for the sessions and payments that name them, but the API no longer finds them.</summary>
    public DateTime? DeletedAt { get; set; }

    public string? DisplayName => FirstName is null && LastName is null ? Name : $"{FirstName} {LastName}".Trim();
}
