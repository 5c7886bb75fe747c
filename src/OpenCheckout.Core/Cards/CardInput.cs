namespace OpenCheckout.Cards;

/// <summary>What the buyer typed. Lives only for the request: never stored, never logged.</summary>
public sealed record CardInput(string? Number, string? Expiry, string? Cvc)
{
    /// <summary>Redacted: a record prints every property, and a logged request (or a record holding this one, such as the
    /// server's pay request) would otherwise print the number and CVC.</summary>
    public override string ToString() =>
        $"CardInput {{ Number = {(Number is { Length: >= 4 } n ? "•••• " + n[^4..] : "(none)")}, Expiry = {Expiry}, Cvc = {(Cvc is null ? "(none)" : "***")} }}";
}

/// <summary>A card that passed validation. Only <see cref="Brand"/>, <see cref="Last4"/> and the expiry
/// leave this object; the full number stays inside the processor call.</summary>
public sealed class ValidCard(string number, string brand, int expMonth, int expYear)
{
    internal string Number { get; } = number;
    public string Brand { get; } = brand;
    public string Last4 { get; } = number[^4..];
    public int ExpMonth { get; } = expMonth;
    public int ExpYear { get; } = expYear;

    /// <summary>What may be kept and shown of the card: never its number.</summary>
    public CardSummary Summary => new(Brand, Last4, ExpMonth, ExpYear);

    public override string ToString() => $"{Brand} •••• {Last4}";
}

/// <summary>A card as it may be stored and shown: brand, last four digits and expiry.</summary>
public sealed record CardSummary(string Brand, string Last4, int ExpMonth, int ExpYear)
{
    public override string ToString() => $"{Brand} •••• {Last4}";
}

/// <summary>A problem with one field, shown next to it on the page and as a card_error on the API.</summary>
public sealed record CardFieldError(string Field, string Code, string Message)
{
    public const string NumberField = "card_number";
    public const string ExpiryField = "expiry";
    public const string CvcField = "cvc";
}
