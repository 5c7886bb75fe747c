namespace OpenCheckout.Server.Tests.Processors.FakeStripe;

/// <summary>How a test card behaves, after https://docs.stripe.com/testing.</summary>
internal enum CardBehaviour { Succeeds, Declines, InsufficientFunds, RequiresAuthentication, DeclinesWhenCharged, Disputed }

/// <summary>A decline as the API reports it: code, decline_code and the message Stripe shows.</summary>
internal sealed record CardDecline(string Code, string? DeclineCode, string Message)
{
    public static readonly CardDecline Generic = new("card_declined", "generic_decline", "Your card was declined.");
    public static readonly CardDecline Insufficient = new("card_declined", "insufficient_funds", "Your card has insufficient funds.");
    public static readonly CardDecline AuthenticationRequired = new("authentication_required", "authentication_required",
        "Your card was declined. This transaction requires authentication.");
    public static readonly CardDecline LiveCardInTestMode = new("card_declined", "test_mode_live_card",
        "Your card was declined. Your request was in test mode, but used a non test (live) card. For a list of valid test cards, visit: https://stripe.com/docs/testing.");
    public static readonly CardDecline IncorrectNumber = new("incorrect_number", null, "Your card number is incorrect.");
    public static readonly CardDecline InvalidExpiryMonth = new("invalid_expiry_month", null, "Your card's expiration month is invalid.");
    public static readonly CardDecline InvalidExpiryYear = new("invalid_expiry_year", null, "Your card's expiration year is invalid.");
    public static readonly CardDecline InvalidCvc = new("invalid_cvc", null, "Your card's security code is invalid.");
}

internal static class TestCards
{
    static readonly Dictionary<string, CardBehaviour> Special = new()
    {
        ["4000000000000002"] = CardBehaviour.Declines,
        ["4000000000009995"] = CardBehaviour.InsufficientFunds,
        ["4000002760003184"] = CardBehaviour.RequiresAuthentication,
        ["4000000000000341"] = CardBehaviour.DeclinesWhenCharged,
        ["4000000000000259"] = CardBehaviour.Disputed,
    };

    // Stripe's documented success numbers by brand.
    static readonly HashSet<string> Successes =
    [
        "4242424242424242", "4000056655665556", "5555555555554444", "2223003122003222", "5200828282828210",
        "5105105105105100", "378282246310005", "371449635398431", "6011111111111117", "6011000990139424",
        "3056930009020004", "36227206271667", "3566002020360505", "6200000000000005",
    ];

    /// <summary>Stripe's ready-made PaymentMethod ids and the card each stands for.</summary>
    public static readonly Dictionary<string, string> ReadyMade = new()
    {
        ["pm_card_visa"] = "4242424242424242",
        ["pm_card_mastercard"] = "5555555555554444",
        ["pm_card_chargeDeclined"] = "4000000000000002",
        ["pm_card_chargeDeclinedInsufficientFunds"] = "4000000000009995",
        ["pm_card_authenticationRequired"] = "4000002760003184",
        ["pm_card_chargeCustomerFail"] = "4000000000000341",
        ["pm_card_createDispute"] = "4000000000000259",
    };

    /// <summary>The behaviour of a card number, or the decline Stripe answers when the PaymentMethod is created.</summary>
    public static (CardBehaviour Behaviour, CardDecline? Refusal) Classify(string number)
    {
        if (!Luhn(number)) return (CardBehaviour.Declines, CardDecline.IncorrectNumber);
        if (Special.TryGetValue(number, out var behaviour)) return (behaviour, null);
        return Successes.Contains(number) ? (CardBehaviour.Succeeds, null) : (CardBehaviour.Declines, CardDecline.LiveCardInTestMode);
    }

    public static string Brand(string number) => number switch
    {
        ['4', ..] => "visa",
        ['3', '4' or '7', ..] => "amex",
        ['5', '1' or '2' or '3' or '4' or '5', ..] or ['2', '2' or '3' or '4' or '5' or '6' or '7', ..] => "mastercard",
        ['6', '0', '1', '1', ..] or ['6', '5', ..] => "discover",
        ['3', '0' or '6' or '8', ..] => "diners",
        ['3', '5', ..] => "jcb",
        ['6', '2', ..] => "unionpay",
        _ => "unknown",
    };

    static bool Luhn(string number)
    {
        if (number.Length is < 12 or > 19 || !number.All(char.IsAsciiDigit)) return false;
        var sum = 0;
        for (var i = 0; i < number.Length; i++)
        {
            var digit = number[number.Length - 1 - i] - '0';
            if (i % 2 == 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
            sum += digit;
        }
        return sum % 10 == 0;
    }
}
