namespace OpenCheckout.Server.Features.Accounts;

/// <summary>A merchant. Every other object belongs to one account and one mode (test or live).</summary>
public sealed class Account
{
    public required string Id { get; init; }
    /// <summary>The public name, shown to buyers on the hosted page.</summary>
    public required string Name { get; set; }
    /// <summary>Shown on the hosted page as a mailto link; null for none.</summary>
    public string? SupportEmail { get; set; }
    /// <summary><c>#rrggbb</c> (lower case) for the hosted page's accent; null for the default look.</summary>
    public string? BrandColor { get; set; }
    /// <summary>The content hash of the logo in <see cref="AccountLogo"/>, kept here so the hosted page builds the logo's
    /// URL from the account row alone; null when there is no logo.</summary>
    public string? LogoVersion { get; set; }
    public DateTime CreatedAt { get; init; }
    /// <summary>Moved on by every write that deletes data a past day counts (<c>KeptFigures</c>): the dashboard's kept days
    /// (<see cref="Dashboard.HomeDays"/>) of other versions are not read.</summary>
    public int HomeDaysVersion { get; set; }
}

/// <summary>A secret API key, stored as a SHA-256 hash. <see cref="Id"/> is the public part of the
/// key used to find the row; the hash is then compared in constant time.</summary>
public sealed class ApiKey
{
    public required string Id { get; init; }
    public required string AccountId { get; init; }
    public bool TestMode { get; init; }
    public required byte[] SecretHash { get; init; }
    public required string Last4 { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? RevokedAt { get; set; }
    /// <summary>Set when the key is rolled: it keeps working until then, so deployments can switch to the new key.</summary>
    public DateTime? ExpiresAt { get; set; }
    /// <summary>Written at most once a minute per node (<see cref="ApiKeyUsage"/>), off the request path.</summary>
    public DateTime? LastUsedAt { get; set; }

    public bool WorksAt(DateTime now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}
