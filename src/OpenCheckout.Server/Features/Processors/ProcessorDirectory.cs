using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenCheckout.Cards;
using OpenCheckout.Processors;
using OpenCheckout.Server.Features.Sessions;
using OpenCheckout.Server.Infrastructure.Data;
using Stripe;

namespace OpenCheckout.Server.Features.Processors;

/// <summary>An account's processor for one mode: the test-card processor in test mode; in live mode the one configured with
/// <c>processor set</c>, or none. Read from the database at each use, so a key set or changed on one node is used by all at once.</summary>
public sealed class ProcessorDirectory(CheckoutDb db, ProcessorSecrets secrets, IHttpClientFactory http, IOptions<OpenCheckoutOptions> options)
    : ILiveProcessors
{
    public const string HttpClientName = "processors";

    /// <summary>Null: live mode and no processor configured for the account.</summary>
    public async Task<IPaymentProcessor?> ForAsync(string accountId, bool testMode, CancellationToken ct)
    {
        if (testMode) return TestCardProcessor.Instance;
        var configured = await FindAsync(accountId, ct);
        return configured is null ? null : Connect(configured);
    }

    public Task<IPaymentProcessor?> LiveAsync(string accountId, CancellationToken ct) => ForAsync(accountId, testMode: false, ct);

    public Task<AccountProcessor?> FindAsync(string accountId, CancellationToken ct) =>
        db.AccountProcessors.AsNoTracking().FirstOrDefaultAsync(p => p.AccountId == accountId, ct);

    /// <summary>Whether a live session of the account could be paid: what session creation checks.</summary>
    public Task<bool> ConfiguredAsync(string accountId, CancellationToken ct) => db.AccountProcessors.AnyAsync(p => p.AccountId == accountId, ct);

    public IPaymentProcessor Connect(AccountProcessor configured) => configured.Kind switch
    {
        ProcessorKinds.Stripe => new StripeProcessor(new StripeClient(new StripeClientOptions
        {
            ApiKey = secrets.Unprotect(configured.SecretKeyProtected),
            ApiBase = options.Value.Processors.Stripe.ApiBase,
            // Stripe.net retries network errors with the same idempotency key, which is safe; the worker reconciles the rest.
            HttpClient = new SystemNetHttpClient(http.CreateClient(HttpClientName), maxNetworkRetries: 1),
        })),
        _ => throw new InvalidOperationException($"Unknown processor kind {configured.Kind}."),
    };
}
