namespace OpenCheckout.Server.Features.Accounts;

/// <summary>An account's logo, held in the database so every node serves it. One per account; its bytes were recognised
/// as PNG, JPEG or WebP by <see cref="Brand.SniffImage"/>, and <see cref="ContentType"/> is what they are, whatever the
/// upload claimed.</summary>
public sealed class AccountLogo
{
    public required string AccountId { get; init; }
    public required string ContentType { get; set; }
    public required byte[] Data { get; set; }
    /// <summary>The content hash, also in <see cref="Account.LogoVersion"/>: the logo's URL names it, so the URL can be cached for good.</summary>
    public required string Version { get; set; }
    public DateTime UpdatedAt { get; set; }
}
