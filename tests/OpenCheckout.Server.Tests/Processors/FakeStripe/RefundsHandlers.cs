using System.Globalization;
using System.Text.Json.Nodes;

namespace OpenCheckout.Server.Tests.Processors.FakeStripe;

/// <summary>/v1/refunds and /v1/balance.</summary>
internal static class RefundsHandlers
{
    public static Reply Create(FakeStripeStore store, Call call)
    {
        if (PaymentMethodsHandlers.NoExpansion(call) is { } bad) return bad;
        ChargeEntity? charge;
        if (call.Str("payment_intent") is { } intentId)
        {
            if (!store.Intents.TryGetValue(intentId, out var intent)) return StripeErrors.Missing("payment_intent", intentId, "payment_intent");
            charge = intent.Status == "succeeded" ? intent.LatestCharge : null;
            if (charge is null)
                return StripeErrors.Invalid(null, "payment_intent", $"This PaymentIntent ({intentId}) does not have a successful charge to refund.");
        }
        else if (call.Str("charge") is { } chargeId)
        {
            if (!store.Charges.TryGetValue(chargeId, out charge)) return StripeErrors.Missing("charge", chargeId, "charge");
        }
        else return StripeErrors.Invalid("parameter_missing", null, "One of the following params should be provided for this request: payment_intent or charge.");

        var remaining = charge.AmountCaptured - charge.AmountRefunded;
        if (remaining <= 0) return StripeErrors.Invalid("charge_already_refunded", null, $"Charge {charge.Id} has already been refunded.");
        var amount = call.Long("amount") ?? remaining;
        if (amount < 1) return StripeErrors.Invalid("parameter_invalid_integer", "amount", "This value must be greater than or equal to 1.");
        if (amount > remaining)
            return StripeErrors.Invalid("amount_too_large", "amount",
                $"Refund amount ({Money(amount)}) is greater than unrefunded amount on charge ({Money(remaining)})");
        var refund = new RefundEntity
        {
            Id = Entity.NewId("re"), Charge = charge, Amount = amount, Reason = call.Str("reason"), Created = FakeStripeStore.Now,
            Status = store.RefundsSettleLater ? "pending" : "succeeded", Metadata = call.Map("metadata"),
        };
        store.Refunds[refund.Id] = refund;
        charge.AmountRefunded += amount;
        store.Raise("refund.created", refund.Json());
        store.Raise("charge.refunded", charge.Json());
        return new Reply(200, refund.Json());
    }

    public static Reply Retrieve(FakeStripeStore store, Call call)
    {
        if (PaymentMethodsHandlers.NoExpansion(call) is { } bad) return bad;
        return store.Refunds.TryGetValue(call.Id("refund"), out var refund)
            ? new Reply(200, refund.Json())
            : StripeErrors.Missing("refund", call.Id("refund"), "id");
    }

    public static void Settle(FakeStripeStore store)
    {
        foreach (var refund in store.Refunds.Values.Where(r => r.Status == "pending"))
        {
            refund.Status = "succeeded";
            store.Raise("refund.updated", refund.Json());
        }
    }

    /// <summary>What the fake took in, net of refunds, per currency (all of it "available": the fake has no payouts).</summary>
    public static Reply Balance(FakeStripeStore store, Call call)
    {
        if (PaymentMethodsHandlers.NoExpansion(call) is { } bad) return bad;
        var totals = store.Charges.Values.GroupBy(c => c.Intent.Currency)
            .Select(g => (Currency: g.Key, Amount: g.Sum(c => c.AmountCaptured - c.AmountRefunded))).ToList();
        if (totals.Count == 0) totals.Add(("usd", 0));
        JsonArray Funds(bool pending) => new(totals.Select(t => (JsonNode?)new JsonObject
        {
            ["amount"] = pending ? 0 : t.Amount, ["currency"] = t.Currency, ["source_types"] = new JsonObject { ["card"] = pending ? 0 : t.Amount },
        }).ToArray());
        return new Reply(200, new JsonObject { ["object"] = "balance", ["available"] = Funds(false), ["livemode"] = false, ["pending"] = Funds(true) });
    }

    static string Money(long minor) => "$" + (minor / 100m).ToString("0.00", CultureInfo.InvariantCulture);
}
