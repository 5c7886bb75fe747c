using Microsoft.EntityFrameworkCore;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Errors;

namespace OpenCheckout.Server.Infrastructure.Data;

/// <summary>An object owned by one account in one mode. Ids are ULIDs, so id order is creation order.</summary>
public interface IOwnedObject
{
    string Id { get; }
    string AccountId { get; }
    bool TestMode { get; }
}

/// <summary>List parameters of the contract: <c>limit</c> (1–100, default 10), <c>starting_after</c> /
/// <c>ending_before</c> cursors, and <c>offset</c> for Flex compatibility.</summary>
public sealed record ListParams(int Limit, string? StartingAfter, string? EndingBefore, int Offset)
{
    public static (ListParams? Params, ApiError? Error) Parse(IQueryCollection query)
    {
        var errors = new List<FieldError>();
        var limit = ParseInt(query, "limit", 10, 1, 100, errors);
        var offset = ParseInt(query, "offset", 0, 0, 10_000, errors);
        var after = query["starting_after"].FirstOrDefault();
        var before = query["ending_before"].FirstOrDefault();
        if (after is not null && before is not null)
            errors.Add(new("ending_before", "parameter_conflict", "Use only one of starting_after and ending_before."));
        return errors.Count > 0 ? (null, ApiErrors.Invalid(errors)) : (new ListParams(limit, after, before, offset), null);
    }

    public static int ParseInt(IQueryCollection query, string name, int fallback, int min, int max, List<FieldError> errors)
    {
        var raw = query[name].FirstOrDefault();
        if (raw is null) return fallback;
        if (int.TryParse(raw, out var value) && value >= min && value <= max) return value;
        errors.Add(new(name, "parameter_invalid_integer", $"{name} must be an integer from {min} to {max}."));
        return fallback;
    }
}

static class Paging
{
    public static IQueryable<T> OwnedBy<T>(this IQueryable<T> query, Merchant merchant) where T : class, IOwnedObject =>
        query.Where(x => x.AccountId == merchant.AccountId && x.TestMode == merchant.TestMode);

    /// <summary>Newest first. Cursor pages seek on the (account, mode, id) index: cost O(limit) however deep.</summary>
    public static async Task<(List<T> Items, bool HasMore)> PageAsync<T>(this IQueryable<T> query, ListParams p, CancellationToken ct)
        where T : class, IOwnedObject
    {
        if (p.EndingBefore is { } before)
        {
            var older = await query.Where(x => x.Id.CompareTo(before) > 0).OrderBy(x => x.Id).Take(p.Limit + 1).ToListAsync(ct);
            var hasMoreBefore = older.Count > p.Limit;
            return (older.Take(p.Limit).Reverse().ToList(), hasMoreBefore);
        }
        if (p.StartingAfter is { } after) query = query.Where(x => x.Id.CompareTo(after) < 0);
        var items = await query.OrderByDescending(x => x.Id).Skip(p.Offset).Take(p.Limit + 1).ToListAsync(ct);
        var hasMore = items.Count > p.Limit;
        if (hasMore) items.RemoveAt(items.Count - 1);
        return (items, hasMore);
    }
}
