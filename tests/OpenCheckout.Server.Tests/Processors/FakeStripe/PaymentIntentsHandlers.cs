using System.Text.Json.Nodes;

namespace OpenCheckout.Server.Tests.Processors.FakeStripe;

/// <summary>/v1/payment_intents: create, retrieve, update, confirm, capture, cancel, and the outcome of the stand-in's
/// 3-D Secure page.</summary>
internal static class PaymentIntentsHandlers
{
    static readonly string[] Confirmable = ["requires_payment_method", "requires_confirmation", "requires_action"];
    static readonly string[] Cancelable = ["requires_payment_method", "requires_capture", "requires_confirmation", "requires_action", "processing"];

    public static Reply Create(FakeStripeStore store, Call call)
    {
        if (Expansion(call) is { Error: { } bad }) return bad;
        if (call.Str("customer") is { } customerId && !store.Customers.ContainsKey(customerId))
            return StripeErrors.Missing("customer", customerId, "customer");
        CardEntity? card = null;
        if (call.Str("payment_method") is { } pmId && (card = store.Card(pmId)) is null)
            return StripeErrors.Missing("PaymentMethod", pmId, "payment_method");
        var id = Entity.NewId("pi");
        var intent = new PaymentIntentEntity
        {
            Id = id, ClientSecret = $"{id}_secret_{Entity.NewId("s")[2..]}", Amount = call.Long("amount")!.Value,
            Currency = call.Str("currency")!.ToLowerInvariant(), CaptureMethod = call.Str("capture_method") ?? "automatic",
            Created = FakeStripeStore.Now, PaymentMethod = card, CustomerId = call.Str("customer"), Description = call.Str("description"),
            SetupFutureUsage = NullIfEmpty(call.Str("setup_future_usage")), Metadata = call.Map("metadata"),
            PaymentMethodTypes = call.List("payment_method_types") is { Count: > 0 } types ? types : ["card"],
            Status = card is null ? "requires_payment_method" : "requires_confirmation",
        };
        store.Intents[id] = intent;
        if (call.Bool("confirm") && Confirm(store, intent, OffSession(call), Expansion(call).Fields) is { } declined) return declined;
        return Ok(intent, call);
    }

    public static Reply Retrieve(FakeStripeStore store, Call call)
    {
        if (Expansion(call) is { Error: { } bad }) return bad;
        if (!store.Intents.TryGetValue(call.Id("intent"), out var intent)) return StripeErrors.Missing("payment_intent", call.Id("intent"), "intent");
        // Stripe.js reads a payment intent with the publishable key only together with its client secret.
        if (call.Key == StripeKeyKind.Publishable && call.Str("client_secret") != intent.ClientSecret)
            return StripeErrors.Invalid(null, "client_secret",
                "The client_secret provided does not match the client_secret associated with the PaymentIntent.");
        return Ok(intent, call);
    }

    public static Reply Update(FakeStripeStore store, Call call)
    {
        if (Expansion(call) is { Error: { } bad }) return bad;
        if (!store.Intents.TryGetValue(call.Id("intent"), out var intent)) return StripeErrors.Missing("payment_intent", call.Id("intent"), "intent");
        var changesPayment = call.Has("amount") || call.Has("payment_method") || call.Has("currency");
        if (changesPayment && !Confirmable.Contains(intent.Status))
            return StripeErrors.UnexpectedState($"This PaymentIntent's amount could not be updated because it has a status of {intent.Status}. You may only update the amount of a PaymentIntent with one of the following statuses: requires_payment_method, requires_confirmation, requires_action.");
        if (call.Str("payment_method") is { } pmId)
        {
            if (store.Card(pmId) is not { } card) return StripeErrors.Missing("PaymentMethod", pmId, "payment_method");
            intent.PaymentMethod = card;
            intent.Status = "requires_confirmation";
        }
        if (call.Long("amount") is { } amount) intent.Amount = amount;
        if (call.Has("description")) intent.Description = NullIfEmpty(call.Str("description"));
        if (call.Str("customer") is { } customerId)
        {
            if (!store.Customers.ContainsKey(customerId)) return StripeErrors.Missing("customer", customerId, "customer");
            intent.CustomerId = customerId;
        }
        if (call.Has("setup_future_usage")) intent.SetupFutureUsage = NullIfEmpty(call.Str("setup_future_usage"));
        MergeMetadata(intent.Metadata, call);
        return Ok(intent, call);
    }

    public static Reply ConfirmCall(FakeStripeStore store, Call call)
    {
        if (Expansion(call) is { Error: { } bad }) return bad;
        if (!store.Intents.TryGetValue(call.Id("intent"), out var intent)) return StripeErrors.Missing("payment_intent", call.Id("intent"), "intent");
        if (!Confirmable.Contains(intent.Status))
            return StripeErrors.UnexpectedState($"You cannot confirm this PaymentIntent because it has a status of {intent.Status}. Only a PaymentIntent with one of the following statuses may be confirmed: requires_confirmation, requires_payment_method, requires_action.");
        if (call.Str("payment_method") is { } pmId)
        {
            if (store.Card(pmId) is not { } card) return StripeErrors.Missing("PaymentMethod", pmId, "payment_method");
            intent.PaymentMethod = card;
        }
        if (call.Has("setup_future_usage")) intent.SetupFutureUsage = NullIfEmpty(call.Str("setup_future_usage"));
        return Confirm(store, intent, OffSession(call), Expansion(call).Fields) ?? Ok(intent, call);
    }

    public static Reply Capture(FakeStripeStore store, Call call)
    {
        if (Expansion(call) is { Error: { } bad }) return bad;
        if (!store.Intents.TryGetValue(call.Id("intent"), out var intent)) return StripeErrors.Missing("payment_intent", call.Id("intent"), "intent");
        if (intent.Status != "requires_capture")
            return StripeErrors.UnexpectedState($"This PaymentIntent could not be captured because it has a status of {intent.Status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.");
        var amount = call.Long("amount_to_capture") ?? intent.AmountCapturable;
        if (amount > intent.AmountCapturable || amount < 1)
            return StripeErrors.Invalid("amount_too_large", "amount_to_capture",
                $"The amount to capture ({amount}) must be positive and at most the amount capturable ({intent.AmountCapturable}).");
        intent.AmountReceived = amount;
        intent.AmountCapturable = 0;
        intent.Status = "succeeded";
        intent.LatestCharge!.AmountCaptured = amount;
        store.Raise("payment_intent.succeeded", intent.Json([]));
        return Ok(intent, call);
    }

    public static Reply Cancel(FakeStripeStore store, Call call)
    {
        if (Expansion(call) is { Error: { } bad }) return bad;
        if (!store.Intents.TryGetValue(call.Id("intent"), out var intent)) return StripeErrors.Missing("payment_intent", call.Id("intent"), "intent");
        if (!Cancelable.Contains(intent.Status))
            return StripeErrors.UnexpectedState($"You cannot cancel this PaymentIntent because it has a status of {intent.Status}. Only a PaymentIntent with one of the following statuses may be canceled: {string.Join(", ", Cancelable)}.");
        // Canceling an authorization releases it: the uncaptured charge shows as refunded.
        if (intent.Status == "requires_capture" && intent.LatestCharge is { } charge) charge.AmountRefunded = charge.Amount;
        intent.Status = "canceled";
        intent.AmountCapturable = 0;
        intent.CanceledAt = FakeStripeStore.Now;
        intent.CancellationReason = call.Str("cancellation_reason");
        store.Raise("payment_intent.canceled", intent.Json([]));
        return Ok(intent, call);
    }

    /// <summary>The stand-in 3-D Secure page's answer for a payment intent awaiting authentication.</summary>
    public static Reply Authenticate(FakeStripeStore store, string id, string? clientSecret, bool succeeded)
    {
        if (!store.Intents.TryGetValue(id, out var intent) || intent.ClientSecret != clientSecret)
            return StripeErrors.Missing("payment_intent", id, "intent");
        if (!intent.AwaitingAuthentication) return StripeErrors.UnexpectedState($"The PaymentIntent has a status of {intent.Status}.");
        if (succeeded) Authorize(store, intent);
        else
        {
            intent.LastPaymentError = new JsonObject
            {
                ["type"] = "invalid_request_error", ["code"] = "payment_intent_authentication_failure",
                ["doc_url"] = "https://stripe.com/docs/error-codes/payment-intent-authentication-failure",
                ["message"] = "We are unable to authenticate your payment method. Please choose a different payment method and try again.",
                ["payment_method"] = intent.PaymentMethod!.Json(),
            };
            intent.PaymentMethod = null;
            intent.Status = "requires_payment_method";
            store.Raise("payment_intent.payment_failed", intent.Json([]));
        }
        return new Reply(200, intent.Json([]));
    }

    /// <summary>Runs a confirmation; a decline answers 402 with the payment intent embedded, otherwise null.</summary>
    static Reply? Confirm(FakeStripeStore store, PaymentIntentEntity intent, bool offSession, IReadOnlyCollection<string> expand)
    {
        if (intent.PaymentMethod is not { } card)
            return StripeErrors.UnexpectedState("You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.");
        intent.LastPaymentError = null;
        switch (card.Behaviour)
        {
            case CardBehaviour.Declines or CardBehaviour.DeclinesWhenCharged:
                return Decline(store, intent, CardDecline.Generic, expand);
            case CardBehaviour.InsufficientFunds:
                return Decline(store, intent, CardDecline.Insufficient, expand);
            case CardBehaviour.RequiresAuthentication when offSession:
                return Decline(store, intent, CardDecline.AuthenticationRequired, expand);
            case CardBehaviour.RequiresAuthentication:
                intent.Status = "requires_action";
                store.Raise("payment_intent.requires_action", intent.Json([]));
                return null;
            default:
                Authorize(store, intent);
                return null;
        }
    }

    static void Authorize(FakeStripeStore store, PaymentIntentEntity intent)
    {
        var card = intent.PaymentMethod!;
        var manual = intent.CaptureMethod == "manual";
        var charge = new ChargeEntity
        {
            Id = Entity.NewId("ch"), Intent = intent, Card = card, Status = "succeeded", Amount = intent.Amount,
            AmountCaptured = manual ? 0 : intent.Amount, Created = FakeStripeStore.Now,
        };
        store.Charges[charge.Id] = charge;
        intent.LatestCharge = charge;
        // Saving for later use attaches the card to the payment intent's customer, as Stripe does on success.
        if (intent.SetupFutureUsage is not null && intent.CustomerId is not null) card.CustomerId = intent.CustomerId;
        if (manual)
        {
            intent.Status = "requires_capture";
            intent.AmountCapturable = intent.Amount;
            store.Raise("payment_intent.amount_capturable_updated", intent.Json([]));
        }
        else
        {
            intent.Status = "succeeded";
            intent.AmountReceived = intent.Amount;
            store.Raise("payment_intent.succeeded", intent.Json([]));
        }
    }

    static Reply Decline(FakeStripeStore store, PaymentIntentEntity intent, CardDecline decline, IReadOnlyCollection<string> expand)
    {
        var card = intent.PaymentMethod!;
        var charge = new ChargeEntity
        {
            Id = Entity.NewId("ch"), Intent = intent, Card = card, Status = "failed", Amount = intent.Amount, Failure = decline,
            Created = FakeStripeStore.Now,
        };
        store.Charges[charge.Id] = charge;
        intent.LatestCharge = charge;
        var error = StripeErrors.Card(decline, null, e => { e["charge"] = charge.Id; e["payment_method"] = card.Json(); }).Body["error"]!.AsObject();
        intent.LastPaymentError = error.DeepClone().AsObject();
        // After a decline Stripe detaches the card from the payment intent; last_payment_error keeps it.
        intent.PaymentMethod = null;
        intent.Status = "requires_payment_method";
        store.Raise("payment_intent.payment_failed", intent.Json([]));
        error["payment_intent"] = intent.Json(expand);
        return new Reply(402, new JsonObject { ["error"] = error.DeepClone() });
    }

    static Reply Ok(PaymentIntentEntity intent, Call call) => new(200, intent.Json(Expansion(call).Fields));

    static (IReadOnlyCollection<string> Fields, Reply? Error) Expansion(Call call)
    {
        var fields = call.List("expand");
        var unsupported = fields.FirstOrDefault(f => f is not ("payment_method" or "latest_charge"));
        return unsupported is null ? (fields, null)
            : ([], StripeErrors.Invalid(null, "expand", $"This property cannot be expanded ({unsupported}). The fake expands only payment_method and latest_charge."));
    }

    static bool OffSession(Call call) => call.Str("off_session") is "true" or "one_off" or "recurring";

    static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>Stripe merges metadata on update; an empty value deletes its key, metadata="" clears all.</summary>
    public static void MergeMetadata(Dictionary<string, string> metadata, Call call)
    {
        if (!call.Has("metadata")) return;
        if (call.Str("metadata") == "") metadata.Clear();
        foreach (var (key, value) in call.Map("metadata"))
            if (value.Length == 0) metadata.Remove(key);
            else metadata[key] = value;
    }
}
