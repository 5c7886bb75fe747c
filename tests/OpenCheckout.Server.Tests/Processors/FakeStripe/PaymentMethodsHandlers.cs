using System.Globalization;

namespace OpenCheckout.Server.Tests.Processors.FakeStripe;

/// <summary>/v1/payment_methods: cards only. The number is read for its behaviour, brand and last four digits and
/// then dropped.</summary>
internal static class PaymentMethodsHandlers
{
    public static Reply Create(FakeStripeStore store, Call call)
    {
        if (NoExpansion(call) is { } bad) return bad;
        if (call.Str("type") != "card")
            return StripeErrors.Invalid(null, "type", "OpenCheckout's FakeStripe creates only type=card PaymentMethods.");
        if (call.Object("card") is not { } card) return StripeErrors.Invalid("parameter_missing", "card", "Missing required param: card.");
        if (card.ContainsKey("token")) return StripeErrors.Invalid(null, "card[token]", "OpenCheckout's FakeStripe does not issue card tokens.");
        var number = new string(((string)card["number"]).Where(c => c != ' ').ToArray());
        var (behaviour, refusal) = TestCards.Classify(number);
        if (refusal is not null) return StripeErrors.Card(refusal, "card[number]");
        var month = long.Parse((string)card["exp_month"], CultureInfo.InvariantCulture);
        var year = long.Parse((string)card["exp_year"], CultureInfo.InvariantCulture);
        if (year < 100) year += 2000;
        var now = DateTime.UtcNow;
        if (month is < 1 or > 12) return StripeErrors.Card(CardDecline.InvalidExpiryMonth, "card[exp_month]");
        if (year < now.Year || year > now.Year + 50) return StripeErrors.Card(CardDecline.InvalidExpiryYear, "card[exp_year]");
        if (year == now.Year && month < now.Month) return StripeErrors.Card(CardDecline.InvalidExpiryMonth, "card[exp_month]");
        if (card.GetValueOrDefault("cvc") is string cvc && (cvc.Length is < 3 or > 4 || !cvc.All(char.IsAsciiDigit)))
            return StripeErrors.Card(CardDecline.InvalidCvc, "card[cvc]");
        var billing = call.Object("billing_details");
        var stored = store.Store(behaviour, number, month, year, billing?.GetValueOrDefault("name") as string, billing?.GetValueOrDefault("email") as string);
        foreach (var (key, value) in call.Map("metadata")) stored.Metadata[key] = value;
        return new Reply(200, stored.Json());
    }

    public static Reply Retrieve(FakeStripeStore store, Call call)
    {
        if (NoExpansion(call) is { } bad) return bad;
        return store.Card(call.Id("payment_method")) is { } card
            ? new Reply(200, card.Json())
            : StripeErrors.Missing("PaymentMethod", call.Id("payment_method"), "payment_method");
    }

    public static Reply Attach(FakeStripeStore store, Call call)
    {
        if (NoExpansion(call) is { } bad) return bad;
        if (store.Card(call.Id("payment_method")) is not { } card)
            return StripeErrors.Missing("PaymentMethod", call.Id("payment_method"), "payment_method");
        var customerId = call.Str("customer")!;
        if (!store.Customers.ContainsKey(customerId)) return StripeErrors.Missing("customer", customerId, "customer");
        if (card.CustomerId is not null && card.CustomerId != customerId)
            return StripeErrors.Invalid(null, null, "The payment method you provided has already been attached to a customer.");
        // Attaching checks the card with the issuer: plain declines fail here, 4000 0000 0000 0341 only when charged.
        if (card.Behaviour is CardBehaviour.Declines) return StripeErrors.Card(CardDecline.Generic, null);
        if (card.Behaviour is CardBehaviour.InsufficientFunds) return StripeErrors.Card(CardDecline.Insufficient, null);
        card.CustomerId = customerId;
        return new Reply(200, card.Json());
    }

    internal static Reply? NoExpansion(Call call) => call.List("expand") is [var first, ..]
        ? StripeErrors.Invalid(null, "expand", $"This property cannot be expanded ({first}). The fake expands fields of payment intents only.")
        : null;
}
