using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenCheckout.Cards;
using OpenCheckout.Ids;
using OpenCheckout.Sessions;
using Charge = OpenCheckout.Wire.Charge;
using WireJson = OpenCheckout.Wire.WireJson;
using OpenCheckout.Server.Features.Catalog;
using OpenCheckout.Server.Features.Customers;
using OpenCheckout.Server.Features.Disputes;
using OpenCheckout.Server.Features.Events;
using OpenCheckout.Server.Features.Sessions;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Time;
using OpenCheckout.Server.Infrastructure.Http;
using OpenCheckout.Server.Infrastructure.Telemetry;

namespace OpenCheckout.Server.Features.Payments;

/// <summary>Buyer's details as submitted, from the hosted page or the test helper. <paramref name="ShippingRateId"/> is the
/// shipping option the buyer had chosen when paying (null: the session's current choice); <paramref name="Address"/> is
/// required when the session collects a shipping address. <paramref name="ExpectedTotal"/> is the total the buyer was shown
/// (null: whatever the session's is): a session repriced since (a code applied in another tab) is not charged.
/// <paramref name="PaymentMethod"/> is what pays in live mode: the processor's payment method its own fields made on the page.</summary>
public sealed record PayRequest(CardInput Card, string? Email, string? Name, string? ShippingRateId = null, AddressInput? Address = null,
    long? ExpectedTotal = null, string? PaymentMethod = null);

/// <summary>A shipping address as typed; validated by <see cref="PaymentService"/>.</summary>
public sealed record AddressInput(string? Line1, string? Line2, string? City, string? State, string? PostalCode, string? Country);

public abstract record PayResult
{
    public sealed record Paid(CheckoutSession Session) : PayResult;
    public sealed record Declined(CheckoutSession Session, string PaymentIntentId, ChargeOutcome.Declined Outcome) : PayResult;
    /// <summary>Field errors (card, email, name): nothing was charged or stored.</summary>
    public sealed record Invalid(CheckoutSession Session, IReadOnlyList<CardFieldError> Errors) : PayResult;
    /// <summary>The session is complete or expired: nothing was charged.</summary>
    public sealed record NotOpen(CheckoutSession Session) : PayResult;
    /// <summary>The buyer chose another shipping option than the session had (so the total changed): the choice is
    /// saved and nothing was charged. The buyer confirms the new total by paying again.</summary>
    public sealed record ShippingChanged(CheckoutSession Session) : PayResult;
    /// <summary>A coupon of the session reached its max_redemptions after the session was made: nothing was charged, and the
    /// session cannot be paid at its discounted total.</summary>
    public sealed record CouponUsedUp(CheckoutSession Session) : PayResult;
    /// <summary>The session's total is no longer the one the buyer was shown (a promotion code was applied or removed in another
    /// tab): nothing was charged.</summary>
    public sealed record TotalChanged(CheckoutSession Session) : PayResult;
    /// <summary>The buyer's promotion code could no longer be honoured when the payment committed (<paramref name="Message"/>
    /// says why): nothing was charged, and the code was taken off the session, which is priced again.</summary>
    public sealed record PromotionCodeRejected(CheckoutSession Session, string Message) : PayResult;
    /// <summary>The session has had <c>RateLimits:MaxDeclinesPerSession</c> declined attempts and takes no more: nothing was charged.</summary>
    public sealed record TooManyDeclines(CheckoutSession Session) : PayResult;
    /// <summary>The session no longer exists (its account's test data was deleted while it was being paid): nothing was charged.</summary>
    public sealed record Gone : PayResult;
    /// <summary>Live: the processor wants the buyer (3-D Secure); the page hands <paramref name="ClientSecret"/> to the processor's
    /// script, then confirms.</summary>
    public sealed record RequiresAction(CheckoutSession Session, string ClientSecret) : PayResult;
    /// <summary>Live: a payment attempt is under way and its outcome not known yet (the processor's answer was lost or is late):
    /// the reconciliation worker learns it. The buyer must not pay again.</summary>
    public sealed record Processing(CheckoutSession Session) : PayResult;
}

/// <summary>The one payment path, shared by the hosted page and the test helper. A session is paid at
/// most once: the open→complete change is a conditional update inside the write transaction, so of
/// any number of concurrent submits exactly one completes it.</summary>
public sealed partial class PaymentService(IUnitOfWork writes, IServiceScopeFactory scopes, EventLog events, PublicUrls urls, IObjectClock clocks,
    IOptions<OpenCheckoutOptions> options, PromotionCodeService promotionCodes, ISubscriptionStarts subscriptions, CheckoutTelemetry telemetry,
    ILogger<PaymentService> log)
{
    public const string EmailField = "email";
    public const string NameField = "name";

    public const string ShippingRateField = "shipping_rate";

    public const string LiveCardsMessage =
        "Card numbers are not taken by this page in live mode: enter your card in the payment processor's secure fields.";
    /// <summary>Form and error keys of the address fields, in page order.</summary>
    public static readonly string[] AddressFields =
        ["shipping_line1", "shipping_line2", "shipping_city", "shipping_state", "shipping_postal_code", "shipping_country"];

    /// <summary>Pays <paramref name="session"/>. <paramref name="alsoWrite"/>, if given, runs inside the charge's unit of work
    /// with its result, so what it writes (an idempotent request's stored answer) commits with the charge.</summary>
    public async Task<PayResult> PayAsync(CheckoutSession session, PayRequest request, CancellationToken ct,
        Func<CheckoutDb, PayResult, CancellationToken, Task>? alsoWrite = null)
    {
        var now = await clocks.NowAsync(session.TestClockId, ct);
        if (SessionStatus.Effective(session.Status, session.ExpiresAt, now) != SessionStatus.Open) return new PayResult.NotOpen(session);

        // The total the buyer saw belongs to the option they saw chosen: another choice first becomes the session's, uncharged.
        var chosenRate = request.ShippingRateId ?? session.ShippingRateId;
        if (chosenRate != session.ShippingRateId)
        {
            if (session.ShippingOptions.All(o => o.ShippingRateId != chosenRate))
                return new PayResult.Invalid(session, [new(ShippingRateField, "shipping_rate_invalid", "Choose one of the shipping methods offered.")]);
            return await SelectShippingAsync(session, chosenRate!, ct) is { } changed
                ? new PayResult.ShippingChanged(changed)
                : await ReloadAsync(session.Id, ct) is { } latest ? new PayResult.NotOpen(latest) : new PayResult.Gone();
        }

        // A live page never takes a card number: the processor's own fields collect it (docs/processors.md).
        if (!session.TestMode && !string.IsNullOrEmpty(request.Card.Number))
            return new PayResult.Invalid(session, [new(CardFieldError.NumberField, "live_card_not_collected", LiveCardsMessage)]);
        var (address, addressErrors) = session.ShippingAddressCollection ? ValidateAddress(request.Address, session.ShippingAllowedCountries) : (null, []);
        if (!session.TestMode)
        {
            var liveErrors = BuyerErrors(request).Concat(addressErrors).Concat(PaymentMethodErrors(request.PaymentMethod)).ToList();
            if (liveErrors.Count > 0) return new PayResult.Invalid(session, liveErrors);
            return await PayLiveAsync(session, new LiveBuyer(request.PaymentMethod!, request.Email!.Trim(), request.Name!.Trim(),
                address is null ? null : new ShippingDetails(request.Name!.Trim(), address), chosenRate, request.ExpectedTotal), ct);
        }

        var (card, errors) = CardValidator.Validate(request.Card, now);
        var fieldErrors = BuyerErrors(request).Concat(addressErrors).Concat(errors).ToList();
        if (fieldErrors.Count > 0) return new PayResult.Invalid(session, fieldErrors);

        var outcome = TestCardProcessor.Charge(card!);
        var attempt = new ChargeAttempt(card!.Summary, ObjectId.New(ObjectId.PaymentMethod, now), outcome, request.Email!.Trim(), request.Name!.Trim(),
            address, chosenRate, request.ExpectedTotal, SaveAs: SavesCard(session) ? TestCardProcessor.SavedToken(card) : null);
        return await CommitAsync(session, attempt, now, alsoWrite, ct);
    }

    /// <summary>A subscription keeps the card for its renewals; <c>setup_future_use</c> keeps it for the merchant's later payments.
    /// Live mode has no processor to keep it yet.</summary>
    static bool SavesCard(CheckoutSession session) => session.TestMode && (session.SetupFutureUse is not null || session.Subscription is not null);

    /// <summary>Charges <paramref name="method"/>, a saved card of the session's customer, without the buyer (<c>mode: off_session</c>).
    /// The same commit as a payment on the page: the session completes, or stays open with the payment intent declined.</summary>
    public async Task<PayResult> ChargeSavedAsync(CheckoutSession session, CustomerPaymentMethod method, string email, CancellationToken ct,
        Func<CheckoutDb, PayResult, CancellationToken, Task>? alsoWrite = null)
    {
        var now = await clocks.NowAsync(session.TestClockId, ct);
        // Only test mode saves cards so far (SavesCard), so a saved card is a test card.
        var outcome = TestCardProcessor.ChargeSaved(method.ProcessorToken);
        var attempt = new ChargeAttempt(new CardSummary(method.Brand, method.Last4, method.ExpMonth, method.ExpYear), method.Id, outcome,
            email, method.BillingName ?? email, Address: null, session.ShippingRateId, ExpectedTotal: null, SaveAs: null);
        return await CommitAsync(session, attempt, now, alsoWrite, ct);
    }

    /// <summary>One charge as it is committed: the card (what may be kept of it), the payment method id the payment intent names
    /// (new for a typed card, the saved one's off-session), the processor's outcome, the buyer, and — when the card is to be
    /// saved — the processor's token for it.</summary>
    sealed record ChargeAttempt(CardSummary Card, string PaymentMethodId, ChargeOutcome Outcome, string Email, string Name,
        ShippingAddress? Address, string? ChosenRate, long? ExpectedTotal, string? SaveAs);

    async Task<PayResult> CommitAsync(CheckoutSession session, ChargeAttempt attempt, DateTimeOffset now,
        Func<CheckoutDb, PayResult, CancellationToken, Task>? alsoWrite, CancellationToken ct)
    {
        using var activity = CheckoutTelemetry.Traces.StartActivity("payment.charge");
        activity?.SetTag("opencheckout.mode", session.TestMode ? "test" : "live");
        var card = attempt.Card;
        var outcome = attempt.Outcome;

        // One unit of work: on SQLite a write of the group commit, whose transaction holds the write lock; on any provider the
        // conditional update of the session is the guard.
        try
        {
            var result = await writes.RunAsync(async (db, writeCt) =>
            {
                var (paymentIntentId, paid) = await ChargeAsync(db, session, attempt, now, writeCt);
                PayResult result = outcome is ChargeOutcome.Declined declined
                    ? new PayResult.Declined(paid, paymentIntentId, declined)
                    : new PayResult.Paid(paid);
                if (alsoWrite is not null) await alsoWrite(db, result, writeCt);
                return result;
            });
            var paid = result is PayResult.Declined ? "declined" : session.CaptureMethod == CaptureMethod.Manual ? "authorized" : "succeeded";
            var declineCode = result is PayResult.Declined { Outcome: var declined } ? declined.DeclineCode ?? declined.Code : null;
            telemetry.Payment(paid, declineCode, session.TestMode);
            activity?.SetTag("opencheckout.outcome", paid);
            log.LogInformation("Payment for {SessionId} {Outcome} ({Card}) {DeclineCode}", session.Id, paid, card, declineCode);
            return result;
        }
        catch (ChargeAbandoned abandoned)
        {
            return await AbandonedAsync(session, abandoned, ct);
        }
    }

    /// <summary>What the buyer sees after <paramref name="abandoned"/> rolled a write back: it depends on the session as it is now.</summary>
    async Task<PayResult> AbandonedAsync(CheckoutSession session, ChargeAbandoned abandoned, CancellationToken ct)
    {
        if (abandoned.Reason == AbandonReason.PromotionCodeRejected)
            return await promotionCodes.RemoveAsync(session.Id, ct) switch
            {
                PromotionCodeResult.Applied removed => new PayResult.PromotionCodeRejected(removed.Session, abandoned.Message),
                PromotionCodeResult.NotOpen notOpen => new PayResult.NotOpen(notOpen.Session),
                _ => new PayResult.Gone(),
            };
        var latest = await ReloadAsync(session.Id, ct);
        if (latest is null) return new PayResult.Gone();
        var open = SessionStatus.Effective(latest.Status, latest.ExpiresAt, await clocks.NowAsync(latest.TestClockId, ct)) == SessionStatus.Open;
        if (!open) return new PayResult.NotOpen(latest);
        return abandoned.Reason switch
        {
            AbandonReason.ShippingChanged => new PayResult.ShippingChanged(latest),
            AbandonReason.CouponUsedUp => new PayResult.CouponUsedUp(latest),
            AbandonReason.TotalChanged => new PayResult.TotalChanged(latest),
            AbandonReason.TooManyDeclines => new PayResult.TooManyDeclines(latest),
            AbandonReason.AttemptInProgress => new PayResult.Processing(latest),
            _ => new PayResult.NotOpen(latest),
        };
    }

    enum AbandonReason { NotOpen, ShippingChanged, TotalChanged, CouponUsedUp, PromotionCodeRejected, TooManyDeclines, AttemptInProgress }

    /// <summary>Thrown inside the write to roll it back: the session is no longer open, the buyer's shipping choice is no longer
    /// the session's, its total changed, one of its coupons has been used up or its promotion code can no longer be honoured
    /// (<paramref name="message"/> says why).</summary>
    sealed class ChargeAbandoned(AbandonReason reason, string message = "The charge was not made.") : Exception(message)
    {
        public AbandonReason Reason => reason;
    }

    /// <summary>The charge inside its unit of work: the id of the payment intent charged, and the session after it.</summary>
    async Task<(string PaymentIntentId, CheckoutSession Session)> ChargeAsync(CheckoutDb db, CheckoutSession session, ChargeAttempt attempt,
        DateTimeOffset now, CancellationToken ct)
    {
        var (card, outcome, email, name, address, chosenRate) = (attempt.Card, attempt.Outcome, attempt.Email, attempt.Name, attempt.Address, attempt.ChosenRate);
        var (taken, current, paymentIntent) = await TakeOpenSessionAsync(db, session, chosenRate, attempt.ExpectedTotal, now, ct);
        now = taken;
        var nowUtc = now.UtcDateTime;
        paymentIntent.Amount = current.AmountTotal;
        paymentIntent.PaymentMethodId = attempt.PaymentMethodId;
        paymentIntent.CardBrand = card.Brand;
        paymentIntent.CardLast4 = card.Last4;
        paymentIntent.CardExpMonth = card.ExpMonth;
        paymentIntent.CardExpYear = card.ExpYear;
        paymentIntent.UpdatedAt = now.UtcDateTime;

        if (outcome is ChargeOutcome.Declined declined)
        {
            paymentIntent.Status = PaymentIntentStatus.RequiresPaymentMethod;
            paymentIntent.DeclinedAttempts++;
            (paymentIntent.ErrorType, paymentIntent.ErrorCode, paymentIntent.ErrorDeclineCode, paymentIntent.ErrorMessage) =
                ("card_error", declined.Code, declined.DeclineCode, declined.Message);
            Record(db, session, EventTypes.PaymentIntentFailed, paymentIntent);
            Record(db, session, EventTypes.ChargeFailed, paymentIntent.ToCharge(ObjectId.New(ObjectId.Charge, now)));
            await db.SaveChangesAsync(ct);
            return (paymentIntent.Id, await db.CheckoutSessions.AsNoTracking().FirstAsync(s => s.Id == session.Id, ct));
        }

        var manual = session.CaptureMethod == CaptureMethod.Manual;
        var customer = await FindOrCreateCustomer(db, session, email, name, now, ct);
        await db.SaveChangesAsync(ct);
        var shippingDetails = address is null ? null : new ShippingDetails(name, address);
        // The shipping choice is part of the guard: on any provider, a choice changed meanwhile leaves this charge undone.
        var completed = await db.CheckoutSessions
            .Where(s => s.Id == session.Id && s.Status == SessionStatus.Open && s.ExpiresAt > nowUtc && s.ShippingRateId == chosenRate)
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.Status, SessionStatus.Complete)
                // Stripe's convention: an authorized, uncaptured payment leaves the complete session unpaid until captured.
                .SetProperty(s => s.PaymentStatus, manual ? PaymentStatus.Unpaid : PaymentStatus.Paid)
                .SetProperty(s => s.CustomerEmail, email)
                .SetProperty(s => s.CustomerName, name)
                .SetProperty(s => s.CustomerId, customer.Id)
                .SetProperty(s => s.ShippingDetails, shippingDetails)
                .SetProperty(s => s.CompletedAt, nowUtc), ct);
        // Another submit completed it first, it just expired, or another tab changed the shipping choice: charge nothing.
        if (completed == 0) throw new ChargeAbandoned(AbandonReason.ShippingChanged);
        paymentIntent.CustomerId = customer.Id;
        if (attempt.SaveAs is { } token)
            db.CustomerPaymentMethods.Add(new CustomerPaymentMethod
            {
                Id = attempt.PaymentMethodId, AccountId = session.AccountId, TestMode = session.TestMode, CustomerId = customer.Id,
                ProcessorToken = token, Brand = card.Brand, Last4 = card.Last4, ExpMonth = card.ExpMonth, ExpYear = card.ExpYear,
                BillingName = name, BillingEmail = email, CreatedAt = now.UtcDateTime,
                OffSession = session.SetupFutureUse == "off_session" || session.Subscription is not null,
            });
        paymentIntent.ChargeId = ObjectId.New(ObjectId.Charge, now);
        (paymentIntent.ErrorType, paymentIntent.ErrorCode, paymentIntent.ErrorDeclineCode, paymentIntent.ErrorMessage) = (null, null, null, null);
        var couponIds = current.Discounts.Where(d => d.PromotionCodeId is null).Select(d => d.CouponId).Distinct().ToList();
        // max_redemptions is checked here, where the redemption is counted, not only when the session was made: of any number of
        // sessions paid at once on any node, only as many as the coupon has left complete.
        if (couponIds.Count > 0 && await db.Coupons
                .Where(c => couponIds.Contains(c.Id) && (c.MaxRedemptions == null || c.TimesRedeemed < c.MaxRedemptions))
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.TimesRedeemed, c => c.TimesRedeemed + 1), ct) < couponIds.Count)
            throw new ChargeAbandoned(AbandonReason.CouponUsedUp);
        if (await PromotionCodeService.RefusalAtPaymentAsync(db, session, current.Discounts, customer.Id, email, couponIds, now, ct) is { } refusal)
            throw new ChargeAbandoned(AbandonReason.PromotionCodeRejected, refusal);
        if (manual)
        {
            paymentIntent.Status = PaymentIntentStatus.RequiresCapture;
            paymentIntent.AmountCapturable = paymentIntent.Amount;
            paymentIntent.AuthorizedAt = nowUtc;
            Record(db, session, EventTypes.PaymentIntentAmountCapturableUpdated, paymentIntent);
        }
        else
        {
            paymentIntent.Status = PaymentIntentStatus.Succeeded;
            paymentIntent.AmountReceived = paymentIntent.Amount;
            // Card …0259: the dispute is stored now, in this transaction, and opened later by DisputeWorker.
            if (outcome is ChargeOutcome.Succeeded { DisputeFollows: true })
                db.Disputes.Add(Dispute.Of(paymentIntent.AccountId, paymentIntent.TestMode, paymentIntent.Id, paymentIntent.ChargeId,
                    paymentIntent.SessionId, paymentIntent.AmountReceived, paymentIntent.Currency, now, now + options.Value.Disputes.Delay,
                    options.Value.Disputes.EvidenceWindow, paymentIntent.TestClockId));
            Record(db, session, EventTypes.PaymentIntentSucceeded, paymentIntent);
            Record(db, session, EventTypes.ChargeSucceeded, paymentIntent.ToCharge());
        }
        if (session.Subscription is { } terms)
        {
            var subscriptionId = await subscriptions.StartAsync(db, session, terms, customer.Id,
                attempt.SaveAs is null ? null : attempt.PaymentMethodId, paymentIntent, now, ct);
            await db.CheckoutSessions.Where(s => s.Id == session.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.SubscriptionId, subscriptionId), ct);
        }
        var completedSession = await db.CheckoutSessions.AsNoTracking().FirstAsync(s => s.Id == session.Id, ct);
        events.Record(db, session.AccountId, session.TestMode, EventTypes.SessionCompleted, "checkout_session",
            completedSession.ToWire(now, urls), WireJson.Default.CheckoutSession);
        await db.SaveChangesAsync(ct);
        return (paymentIntent.Id, completedSession);
    }

    /// <summary>Makes <paramref name="shippingRateId"/> (one of the session's options) the chosen one, moving amount_shipping and
    /// amount_total with it; only while the session is open. Null when the session is no longer open.</summary>
    public async Task<CheckoutSession?> SelectShippingAsync(CheckoutSession session, string shippingRateId, CancellationToken ct)
    {
        var option = session.ShippingOptions.FirstOrDefault(o => o.ShippingRateId == shippingRateId)
            ?? throw new ArgumentException($"{shippingRateId} is not one of the session's shipping options.", nameof(shippingRateId));
        var nowUtc = (await clocks.NowAsync(session.TestClockId, ct)).UtcDateTime;
        return await writes.RunAsync(async (db, ct) =>
        {
            // The total is recomputed from the stored parts; every option's total was checked against Amount.Max at creation.
            var changed = await db.CheckoutSessions
                .Where(s => s.Id == session.Id && s.Status == SessionStatus.Open && s.ExpiresAt > nowUtc)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(s => s.ShippingRateId, option.ShippingRateId)
                    .SetProperty(s => s.AmountShipping, option.Amount)
                    .SetProperty(s => s.AmountTotal, s => s.AmountSubtotal - s.AmountDiscount + option.Amount + s.AmountTax + s.AmountFees), ct);
            return changed == 0 ? null : await db.CheckoutSessions.AsNoTracking().FirstAsync(s => s.Id == session.Id, ct);
        }, ct);
    }

    /// <summary>line1, city, postal code and a two-letter country are required; line2 and state are optional.</summary>
    static (ShippingAddress? Address, List<CardFieldError> Errors) ValidateAddress(AddressInput? input, IReadOnlyCollection<string> allowedCountries)
    {
        string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        var (line1, line2, city, state, postalCode, country) =
            (Clean(input?.Line1), Clean(input?.Line2), Clean(input?.City), Clean(input?.State), Clean(input?.PostalCode), Clean(input?.Country)?.ToUpperInvariant());
        var errors = new List<CardFieldError>();
        void Check(string? value, string field, string missing, int maxLength, bool required = true)
        {
            if (value is null && required) errors.Add(new(field, "address_incomplete", missing));
            else if (value?.Length > maxLength) errors.Add(new(field, "address_invalid", $"At most {maxLength} characters."));
        }
        Check(line1, AddressFields[0], "Enter the street address.", 200);
        Check(line2, AddressFields[1], "", 200, required: false);
        Check(city, AddressFields[2], "Enter the city.", 100);
        Check(state, AddressFields[3], "", 100, required: false);
        Check(postalCode, AddressFields[4], "Enter the postal code.", 20);
        if (country is null) errors.Add(new(AddressFields[5], "address_incomplete", "Enter the country as a two-letter code, such as US."));
        else if (country.Length != 2 || !country.All(char.IsAsciiLetterUpper))
            errors.Add(new(AddressFields[5], "address_invalid", "Enter the country as a two-letter code, such as US."));
        else if (allowedCountries.Count > 0 && !allowedCountries.Contains(country))
            errors.Add(new(AddressFields[5], "address_country_not_allowed", $"We ship only to {string.Join(", ", allowedCountries)}."));
        return errors.Count > 0 ? (null, errors) : (new ShippingAddress(line1!, line2, city!, state, postalCode!, country!), errors);
    }

    static IEnumerable<CardFieldError> BuyerErrors(PayRequest request)
    {
        var email = request.Email?.Trim();
        if (string.IsNullOrEmpty(email))
            yield return new(EmailField, "email_missing", "Enter your email address.");
        else if (email.Length > 512 || email.IndexOf('@') is <= 0 || email.EndsWith('@') || email.Contains(' '))
            yield return new(EmailField, "email_invalid", "Enter a valid email address.");
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name)) yield return new(NameField, "name_missing", "Enter the name on the card.");
        else if (name.Length > 200) yield return new(NameField, "name_invalid", "The name must be at most 200 characters.");
    }

    /// <summary>The session as it is when this write holds it: open, at the shipping choice and total the buyer saw, with its
    /// payment intent (created now at the first attempt) still taking attempts. Otherwise the write is abandoned.</summary>
    async Task<(DateTimeOffset Now, (long AmountTotal, List<SessionDiscount> Discounts) Current, PaymentIntent Intent)> TakeOpenSessionAsync(
        CheckoutDb db, CheckoutSession session, string? chosenRate, long? expectedTotal, DateTimeOffset now, CancellationToken ct)
    {
        var nowUtc = now.UtcDateTime;
        // Takes the session's row first (a no-op update while it is open): concurrent attempts on one session then run one
        // after another on every provider, so none of them reads a payment intent another is changing.
        if (await db.CheckoutSessions.Where(s => s.Id == session.Id && s.Status == SessionStatus.Open && s.ExpiresAt > nowUtc)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, SessionStatus.Open), ct) == 0)
            throw new ChargeAbandoned(AbandonReason.NotOpen);
        // The time is read again now that this write holds the session: one that waited (for the write lock, for another
        // attempt on the session) must not complete a session that expired meanwhile.
        now = await clocks.NowAsync(db, session.TestClockId, ct);
        var current = await db.CheckoutSessions.AsNoTracking().Where(s => s.Id == session.Id)
            .Select(s => new { s.Status, s.ExpiresAt, s.AmountTotal, s.ShippingRateId, s.Discounts }).FirstAsync(ct);
        if (SessionStatus.Effective(current.Status, current.ExpiresAt, now) != SessionStatus.Open) throw new ChargeAbandoned(AbandonReason.NotOpen);
        // Another tab changed the shipping choice since this page was shown: show the current total, charge nothing.
        if (current.ShippingRateId != chosenRate) throw new ChargeAbandoned(AbandonReason.ShippingChanged);
        if (expectedTotal is { } shown && current.AmountTotal != shown) throw new ChargeAbandoned(AbandonReason.TotalChanged);
        var paymentIntent = await PaymentIntentFor(db, session, now, ct);
        // Read after the session's row is taken, so concurrent attempts on any node count one after another.
        if (paymentIntent.DeclinedAttempts >= options.Value.RateLimits.MaxDeclinesPerSession) throw new ChargeAbandoned(AbandonReason.TooManyDeclines);
        return (now, (current.AmountTotal, current.Discounts), paymentIntent);
    }

    /// <summary>The session's payment intent, created at its first attempt; the unique index on the
    /// session id stops two nodes from creating two.</summary>
    async Task<PaymentIntent> PaymentIntentFor(CheckoutDb db, CheckoutSession session, DateTimeOffset now, CancellationToken ct)
    {
        var existing = await db.PaymentIntents.FirstOrDefaultAsync(p => p.SessionId == session.Id, ct);
        if (existing is not null) return existing;
        var created = new PaymentIntent
        {
            Id = ObjectId.New(ObjectId.PaymentIntent, now),
            AccountId = session.AccountId,
            TestMode = session.TestMode,
            SessionId = session.Id,
            Amount = session.AmountTotal,
            Currency = session.Currency,
            CaptureMethod = session.CaptureMethod,
            Status = PaymentIntentStatus.RequiresPaymentMethod,
            CreatedAt = now.UtcDateTime,
            UpdatedAt = now.UtcDateTime,
            TestClockId = session.TestClockId,
        };
        db.PaymentIntents.Add(created);
        await db.CheckoutSessions.Where(s => s.Id == session.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.PaymentIntentId, created.Id), ct);
        Record(db, session, EventTypes.PaymentIntentCreated, created);
        return created;
    }

    async Task<Customer> FindOrCreateCustomer(CheckoutDb db, CheckoutSession session, string email, string name, DateTimeOffset now,
        CancellationToken ct)
    {
        // The session's own customer (made with `customer`), unless deleted since; else the live customer with this email.
        var live = db.Customers.Where(c => c.AccountId == session.AccountId && c.TestMode == session.TestMode && c.DeletedAt == null);
        var customer = session.CustomerId is { } linked ? await live.FirstOrDefaultAsync(c => c.Id == linked, ct) : null;
        customer ??= await live.FirstOrDefaultAsync(c => c.Email == email, ct);
        if (customer is not null)
        {
            customer.Name = name;
            return customer;
        }
        customer = new Customer
        {
            Id = ObjectId.New(ObjectId.Customer, now),
            AccountId = session.AccountId,
            TestMode = session.TestMode,
            Email = email,
            Name = name,
            CreatedAt = now.UtcDateTime,
        };
        db.Customers.Add(customer);
        events.Record(db, session.AccountId, session.TestMode, EventTypes.CustomerCreated, "customer", customer.ToWire(), WireJson.Default.Customer);
        return customer;
    }

    void Record(CheckoutDb db, CheckoutSession session, string type, PaymentIntent intent) =>
        events.Record(db, session.AccountId, session.TestMode, type, "payment_intent", intent.ToWire(), WireJson.Default.PaymentIntent);

    void Record(CheckoutDb db, CheckoutSession session, string type, Charge charge) =>
        events.Record(db, session.AccountId, session.TestMode, type, "charge", charge, WireJson.Default.Charge);

    /// <summary>Null when the session is gone: deleted with its account's test data since it was read.</summary>
    async Task<CheckoutSession?> ReloadAsync(string id, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CheckoutDb>().CheckoutSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
    }
}
