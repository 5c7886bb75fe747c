using Microsoft.EntityFrameworkCore;
using OpenCheckout.Server.Features.Accounts;
using OpenCheckout.Server.Infrastructure.Data;
using TimeProvider = System.TimeProvider;

namespace OpenCheckout.Server.Features.Processors;

/// <summary>Sets and removes an account's live processor; what the admin command and the dashboard settings page call.</summary>
public sealed class ProcessorSettings(CheckoutDb db, ProcessorSecrets secrets, TimeProvider time)
{
    public sealed record Keys(string SecretKey, string PublishableKey, string? WebhookSecret);

    /// <summary>Null when the keys are malformed (the message says which); the account must exist.</summary>
    public static string? Problem(Keys keys) =>
        !keys.SecretKey.StartsWith("sk_", StringComparison.Ordinal) && !keys.SecretKey.StartsWith("rk_", StringComparison.Ordinal)
            ? "The secret key must be a Stripe secret or restricted key (sk_… or rk_…)."
        : !keys.PublishableKey.StartsWith("pk_", StringComparison.Ordinal) ? "The publishable key must start with pk_."
        : keys.WebhookSecret is { } secret && !secret.StartsWith("whsec_", StringComparison.Ordinal) ? "The webhook signing secret must start with whsec_."
        : keys.SecretKey.Length > 255 || keys.PublishableKey.Length > 255 || keys.WebhookSecret?.Length > 255 ? "A key is longer than 255 characters."
        : null;

    public async Task<bool> SetStripeAsync(string accountId, Keys keys, CancellationToken ct)
    {
        if (!await db.Accounts.AnyAsync(a => a.Id == accountId, ct)) return false;
        var now = time.GetUtcNow().UtcDateTime;
        var row = await db.AccountProcessors.FirstOrDefaultAsync(p => p.AccountId == accountId, ct);
        if (row is null)
        {
            row = new AccountProcessor
            {
                AccountId = accountId, Kind = ProcessorKinds.Stripe, SecretKeyProtected = "", PublishableKey = "", SecretKeyLast4 = "",
                CreatedAt = now,
            };
            db.AccountProcessors.Add(row);
        }
        row.Kind = ProcessorKinds.Stripe;
        row.SecretKeyProtected = secrets.Protect(keys.SecretKey);
        row.SecretKeyLast4 = keys.SecretKey[^4..];
        row.PublishableKey = keys.PublishableKey;
        row.WebhookSecretProtected = keys.WebhookSecret is null ? row.WebhookSecretProtected : secrets.Protect(keys.WebhookSecret);
        row.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return true;
    }

    public async Task<bool> RemoveAsync(string accountId, CancellationToken ct) =>
        await db.AccountProcessors.Where(p => p.AccountId == accountId).ExecuteDeleteAsync(ct) > 0;
}
