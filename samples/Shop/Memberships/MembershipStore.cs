using System.Globalization;
using OpenCheckout.Client;
using OpenCheckout.Wire;
using Shop.Orders;

namespace Shop.Memberships;

public sealed record Membership(string SubscriptionId, string CustomerId, string Status, bool HasAccess, DateTimeOffset UpdatedAt);

/// <summary>Who may use the club: one row per subscription, written from its webhooks. Each write stores the subscription as
/// the API shows it now (the webhook handler fetches it), so events arriving late or out of order cannot bring back access a
/// later change took away.</summary>
public sealed class MembershipStore(OrderStore orders, TimeProvider clock, ILogger<MembershipStore> log)
{
    /// <summary>Access while the subscription bills: trialing, active, or past due while its payment is retried. Canceled or
    /// unpaid (retries ran out) ends it.</summary>
    public static bool GrantsAccess(string status) =>
        status is SubscriptionStatus.Trialing or SubscriptionStatus.Active or SubscriptionStatus.PastDue;

    public async Task<Membership> RecordAsync(Subscription subscription, CancellationToken ct = default)
    {
        var membership = new Membership(subscription.SubscriptionId, subscription.Customer, subscription.Status,
            GrantsAccess(subscription.Status), clock.GetUtcNow());
        await using var connection = await orders.OpenAsync(ct);
        await using var upsert = connection.CreateCommand();
        upsert.CommandText = """
            INSERT INTO memberships (subscription_id, customer_id, status, has_access, updated_at)
            VALUES ($id, $customer, $status, $access, $updated)
            ON CONFLICT (subscription_id) DO UPDATE SET status = excluded.status, has_access = excluded.has_access, updated_at = excluded.updated_at;
            """;
        upsert.Parameters.AddWithValue("$id", membership.SubscriptionId);
        upsert.Parameters.AddWithValue("$customer", membership.CustomerId);
        upsert.Parameters.AddWithValue("$status", membership.Status);
        upsert.Parameters.AddWithValue("$access", membership.HasAccess);
        upsert.Parameters.AddWithValue("$updated", membership.UpdatedAt.ToString("O", CultureInfo.InvariantCulture));
        await upsert.ExecuteNonQueryAsync(ct);
        log.LogInformation("Membership {SubscriptionId} of {CustomerId} is {Status}: access {Access}.", membership.SubscriptionId,
            membership.CustomerId, membership.Status, membership.HasAccess ? "granted" : "revoked");
        return membership;
    }

    public async Task<IReadOnlyList<Membership>> ListAsync(int limit = 50, CancellationToken ct = default)
    {
        await using var connection = await orders.OpenAsync(ct);
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT subscription_id, customer_id, status, has_access, updated_at FROM memberships ORDER BY updated_at DESC LIMIT $limit;";
        select.Parameters.AddWithValue("$limit", limit);
        var rows = new List<Membership>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            rows.Add(new Membership(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetBoolean(3),
                DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture)));
        return rows;
    }
}
