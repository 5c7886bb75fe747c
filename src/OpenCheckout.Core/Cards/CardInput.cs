namespace OpenCheckout.Cards;

/// <summary>What the buyer typed. Lives only for the request: never stored, never logged.</summary>
public sealed record CardInput(string? Number, string? Expiry, string? Cvc);

/// <summary>A card that passed validation. Only <see cref="Brand"/>, <see cref="Last4"/> and the expiry
/// leave this object; the full number stays inside the processor call.</summary>
public sealed class ValidCard(string number, string brand, int expMonth, int expYear)
{
    internal string Number { get; } = number;
    public string Brand { get; } = brand;
    public string Last4 { get; } = number[^4..];
    public int ExpMonth { get; } = expMonth;
    public int ExpYear { get; } = expYear;

    public override string ToString() => $"{Brand} •••• {Last4}";
}

/// <summary>A problem with one field, shown next to it on the page and as a card_error on the API.</summary>
public sealed record CardFieldError(string Field, string Code, string Message)
{
    public const string NumberField = "card_number";
    public const string ExpiryField = "expiry";
    public const string CvcField = "cvc";
}
