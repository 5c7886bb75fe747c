using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenCheckout.Cards;
using OpenCheckout.Ids;
using OpenCheckout.Sessions;
using Charge = OpenCheckout.Wire.Charge;
using WireJson = OpenCheckout.Wire.WireJson;
using OpenCheckout.Server.Features.Disputes;
using OpenCheckout.Server.Features.Events;
using OpenCheckout.Server.Features.Sessions;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Http;

namespace OpenCheckout.Server.Features.Payments;

/// <summary>Buyer's details as submitted, from the hosted page or the test helper.</summary>
public sealed record PayRequest(CardInput Card, string? Email, string? Name);

public abstract record PayResult
{
    public sealed record Paid(CheckoutSession Session) : PayResult;
    public sealed record Declined(CheckoutSession Session, string PaymentIntentId, ChargeOutcome.Declined Outcome) : PayResult;
    /// <summary>Field errors (card, email, name): nothing was charged or stored.</summary>
    public sealed record Invalid(CheckoutSession Session, IReadOnlyList<CardFieldError> Errors) : PayResult;
    /// <summary>The session is complete or expired: nothing was charged.</summary>
    public sealed record NotOpen(CheckoutSession Session) : PayResult;
}

/// <summary>The one payment path, shared by the hosted page and the test helper. A session is paid at
/// most once: the open→complete change is a conditional update inside the write transaction, so of
/// any number of concurrent submits exactly one completes it.</summary>
public sealed class PaymentService(CheckoutDb db, EventLog events, PublicUrls urls, TimeProvider clock, IOptions<OpenCheckoutOptions> options,
    ILogger<PaymentService> log)
{
    public const string EmailField = "email";
    public const string NameField = "name";

    public async Task<PayResult> PayAsync(CheckoutSession session, PayRequest request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (SessionStatus.Effective(session.Status, session.ExpiresAt, now) != SessionStatus.Open) return new PayResult.NotOpen(session);

        var (card, errors) = CardValidator.Validate(request.Card, now);
        var fieldErrors = BuyerErrors(request).Concat(errors).ToList();
        if (fieldErrors.Count > 0) return new PayResult.Invalid(session, fieldErrors);

        var outcome = session.TestMode ? TestCardProcessor.Charge(card!) : TestCardProcessor.LiveModeUnavailable;
        var email = request.Email!.Trim();
        var name = request.Name!.Trim();

        // On SQLite the transaction holds the write lock (BEGIN IMMEDIATE), so this re-read and every write
        // below see one consistent state; the conditional update further down is the guard on any provider.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var current = await db.CheckoutSessions.AsNoTracking().Where(s => s.Id == session.Id)
            .Select(s => new { s.Status, s.ExpiresAt }).FirstAsync(ct);
        if (SessionStatus.Effective(current.Status, current.ExpiresAt, now) != SessionStatus.Open)
        {
            await transaction.RollbackAsync(ct);
            return new PayResult.NotOpen(await Reload(session.Id, ct));
        }
        var paymentIntent = await PaymentIntentFor(session, now, ct);
        paymentIntent.PaymentMethodId = ObjectId.New(ObjectId.PaymentMethod, now);
        paymentIntent.CardBrand = card!.Brand;
        paymentIntent.CardLast4 = card.Last4;
        paymentIntent.CardExpMonth = card.ExpMonth;
        paymentIntent.CardExpYear = card.ExpYear;
        paymentIntent.UpdatedAt = now.UtcDateTime;

        if (outcome is ChargeOutcome.Declined declined)
        {
            paymentIntent.Status = PaymentIntentStatus.RequiresPaymentMethod;
            (paymentIntent.ErrorType, paymentIntent.ErrorCode, paymentIntent.ErrorDeclineCode, paymentIntent.ErrorMessage) =
                ("card_error", declined.Code, declined.DeclineCode, declined.Message);
            await Record(session, EventTypes.PaymentIntentFailed, paymentIntent, ct);
            await Record(session, EventTypes.ChargeFailed, paymentIntent.ToCharge(ObjectId.New(ObjectId.Charge, now)), ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            log.LogInformation("Payment declined for {SessionId} ({Card}): {Code}", session.Id, card, declined.DeclineCode ?? declined.Code);
            return new PayResult.Declined(await Reload(session.Id, ct), paymentIntent.Id, declined);
        }

        var customer = await FindOrCreateCustomer(session, email, name, now, ct);
        await db.SaveChangesAsync(ct);
        var nowUtc = now.UtcDateTime;
        var completed = await db.CheckoutSessions
            .Where(s => s.Id == session.Id && s.Status == SessionStatus.Open && s.ExpiresAt > nowUtc)
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.Status, SessionStatus.Complete)
                .SetProperty(s => s.PaymentStatus, PaymentStatus.Paid)
                .SetProperty(s => s.CustomerEmail, email)
                .SetProperty(s => s.CustomerName, name)
                .SetProperty(s => s.CustomerId, customer.Id)
                .SetProperty(s => s.CompletedAt, nowUtc), ct);
        if (completed == 0)
        {
            // Another submit completed it first (or it just expired): charge nothing.
            await transaction.RollbackAsync(ct);
            return new PayResult.NotOpen(await Reload(session.Id, ct));
        }
        paymentIntent.Status = PaymentIntentStatus.Succeeded;
        paymentIntent.AmountReceived = paymentIntent.Amount;
        paymentIntent.CustomerId = customer.Id;
        paymentIntent.ChargeId = ObjectId.New(ObjectId.Charge, now);
        (paymentIntent.ErrorType, paymentIntent.ErrorCode, paymentIntent.ErrorDeclineCode, paymentIntent.ErrorMessage) = (null, null, null, null);
        // Card …0259: the dispute is stored now, in this transaction, and opened later by DisputeWorker.
        if (outcome is ChargeOutcome.Succeeded { DisputeFollows: true })
            db.Disputes.Add(Dispute.For(paymentIntent, now, now + options.Value.Disputes.Delay));
        await Record(session, EventTypes.PaymentIntentSucceeded, paymentIntent, ct);
        await Record(session, EventTypes.ChargeSucceeded, paymentIntent.ToCharge(), ct);
        var completedSession = await db.CheckoutSessions.AsNoTracking().FirstAsync(s => s.Id == session.Id, ct);
        await events.RecordAsync(session.AccountId, session.TestMode, EventTypes.SessionCompleted, "checkout_session",
            completedSession.ToWire(now, urls), WireJson.Default.CheckoutSession, ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        log.LogInformation("Session {SessionId} paid ({Card})", session.Id, card);
        return new PayResult.Paid(await Reload(session.Id, ct));
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

    /// <summary>The session's payment intent, created at its first attempt; the unique index on the
    /// session id stops two nodes from creating two.</summary>
    async Task<PaymentIntent> PaymentIntentFor(CheckoutSession session, DateTimeOffset now, CancellationToken ct)
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
            Status = PaymentIntentStatus.RequiresPaymentMethod,
            CreatedAt = now.UtcDateTime,
            UpdatedAt = now.UtcDateTime,
        };
        db.PaymentIntents.Add(created);
        await db.CheckoutSessions.Where(s => s.Id == session.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.PaymentIntentId, created.Id), ct);
        await Record(session, EventTypes.PaymentIntentCreated, created, ct);
        return created;
    }

    async Task<Customer> FindOrCreateCustomer(CheckoutSession session, string email, string name, DateTimeOffset now, CancellationToken ct)
    {
        var customer = await db.Customers.FirstOrDefaultAsync(
            c => c.AccountId == session.AccountId && c.TestMode == session.TestMode && c.Email == email, ct);
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
        await events.RecordAsync(session.AccountId, session.TestMode, EventTypes.CustomerCreated, "customer", customer.ToWire(),
            WireJson.Default.Customer, ct);
        return customer;
    }

    Task Record(CheckoutSession session, string type, PaymentIntent intent, CancellationToken ct) =>
        events.RecordAsync(session.AccountId, session.TestMode, type, "payment_intent", intent.ToWire(), WireJson.Default.PaymentIntent, ct);

    Task Record(CheckoutSession session, string type, Charge charge, CancellationToken ct) =>
        events.RecordAsync(session.AccountId, session.TestMode, type, "charge", charge, WireJson.Default.Charge, ct);

    Task<CheckoutSession> Reload(string id, CancellationToken ct) =>
        db.CheckoutSessions.AsNoTracking().FirstAsync(s => s.Id == id, ct);
}
