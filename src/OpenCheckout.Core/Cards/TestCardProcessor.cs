using System.Collections.Frozen;
using OpenCheckout.Processors;

namespace OpenCheckout.Cards;

/// <summary>The test-mode processor: outcomes follow Stripe's published test card numbers.
/// A Luhn-valid number that is not a test card is declined, as Stripe does, so that nobody
/// types a real card into a test checkout and believes it was charged. In process: it makes nothing outside OpenCheckout,
/// so captures, cancels and refunds have nothing to tell it.</summary>
public sealed class TestCardProcessor : IPaymentProcessor
{
    public static TestCardProcessor Instance { get; } = new();

    TestCardProcessor()
    {
    }

    public string Name => "test";

    public bool IsRemote => false;

    public Task<ChargeOutcome> ChargeAsync(PaymentOrder order, CancellationToken ct) => Task.FromResult(order.Source switch
    {
        PaymentSource.TypedCard typed => Charge(typed.Card),
        PaymentSource.ProcessorToken saved => ChargeSaved(saved.Token),
        _ => throw new ArgumentException("Unknown payment source.", nameof(order)),
    });

    public Task<ChargeOutcome> GetAsync(string paymentId, CancellationToken ct) =>
        throw new NotSupportedException("Test-card payments are settled in process: there is nothing to ask.");

    public Task CaptureAsync(string paymentId, long amount, string idempotencyKey, CancellationToken ct) => Task.CompletedTask;

    public Task CancelAsync(string paymentId, string idempotencyKey, CancellationToken ct) => Task.CompletedTask;

    public Task<ProcessorRefund> RefundAsync(string paymentId, long amount, string idempotencyKey, IReadOnlyDictionary<string, string> metadata,
        CancellationToken ct) => Task.FromResult(new ProcessorRefund(idempotencyKey, "succeeded"));

    public Task<string> CheckAsync(CancellationToken ct) => Task.FromResult("test-card processor (test mode): nothing to reach");

    static readonly ChargeOutcome.Declined Generic = new("card_declined", "generic_decline", "Your card was declined.");

    static readonly FrozenDictionary<string, ChargeOutcome> Special = new Dictionary<string, ChargeOutcome>
    {
        ["4000000000000002"] = Generic,
        ["4000000000009995"] = new ChargeOutcome.Declined("card_declined", "insufficient_funds", "Your card has insufficient funds."),
        ["4000000000009987"] = new ChargeOutcome.Declined("card_declined", "lost_card", "Your card was declined."),
        ["4000000000009979"] = new ChargeOutcome.Declined("card_declined", "stolen_card", "Your card was declined."),
        ["4000000000000069"] = new ChargeOutcome.Declined("expired_card", "expired_card", "Your card has expired."),
        ["4000000000000127"] = new ChargeOutcome.Declined("incorrect_cvc", "incorrect_cvc", "Your card's security code is incorrect."),
        ["4000000000000119"] = new ChargeOutcome.Declined("processing_error", "processing_error",
            "An error occurred while processing your card. Try again in a little bit."),
        ["4000000000000259"] = new ChargeOutcome.Succeeded(DisputeFollows: true),
    }.ToFrozenDictionary();

    // Stripe's succeeding test numbers by brand.
    static readonly FrozenSet<string> Succeeding = new[]
    {
        "4242424242424242", "4000056655665556", "4000002500003155", "4000000000003220", "4000000760000002",
        "5555555555554444", "2223003122003222", "5200828282828210", "5105105105105100",
        "378282246310005", "371449635398431",
        "6011111111111117", "6011000990139424", "6011981111111113",
        "3056930009020004", "36227206271667",
        "3566002020360505",
        "6200000000000005",
        // Pay on the hosted page; saved, they decline off-session (see ChargeSaved).
        AuthenticationRequiredCard, DeclinesOffSessionCard,
    }.ToFrozenSet();

    public const string NonTestCardMessage =
        "Your card was declined. Your request was in test mode, but used a non test card. For a list of valid test cards, visit the documentation.";

    /// <summary>Stripe's "always authenticate" card: this server simulates no 3-D Secure, so it pays with the buyer present
    /// and, saved, declines off-session with <c>authentication_required</c>, as Stripe's does.</summary>
    public const string AuthenticationRequiredCard = "4000002760003184";
    /// <summary>Stripe's "attaches, then charges fail" card: pays with the buyer present, declines off-session.</summary>
    public const string DeclinesOffSessionCard = "4000000000000341";

    const string SavedSucceeds = "tok_test_succeeds";
    const string SavedDisputed = "tok_test_disputed";
    const string SavedAuthenticationRequired = "tok_test_authentication_required";
    const string SavedDeclines = "tok_test_declines";

    /// <summary>The processor's token for a card saved for later (<c>setup_future_use</c>): in test mode it names how an
    /// off-session charge of it ends, and nothing of the number.</summary>
    public static string SavedToken(ValidCard card) => card.Number switch
    {
        AuthenticationRequiredCard => SavedAuthenticationRequired,
        DeclinesOffSessionCard => SavedDeclines,
        "4000000000000259" => SavedDisputed,
        _ => SavedSucceeds,
    };

    /// <summary>An off-session charge of a saved card, by its <see cref="SavedToken"/>.</summary>
    public static ChargeOutcome ChargeSaved(string token) => token switch
    {
        SavedSucceeds => new ChargeOutcome.Succeeded(DisputeFollows: false),
        SavedDisputed => new ChargeOutcome.Succeeded(DisputeFollows: true),
        SavedAuthenticationRequired => new ChargeOutcome.Declined("authentication_required", "authentication_required",
            "This payment needs the cardholder to authenticate: bring them back to pay on the hosted page."),
        _ => Generic,
    };

    public static ChargeOutcome Charge(ValidCard card)
    {
        if (Special.TryGetValue(card.Number, out var outcome)) return outcome;
        if (Succeeding.Contains(card.Number)) return new ChargeOutcome.Succeeded(DisputeFollows: false);
        return new ChargeOutcome.Declined("card_declined", "test_mode_live_card", NonTestCardMessage);
    }
}
