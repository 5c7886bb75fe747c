using OpenCheckout.Server.Infrastructure.Errors;

namespace OpenCheckout.Server.Infrastructure.Http;

/// <summary>Typed list filters from the query string, each failing with a 400 that names the parameter.</summary>
static class QueryFilters
{
    public static bool? Boolean(IQueryCollection query, string name, out ApiError? error)
    {
        error = null;
        var raw = query[name].FirstOrDefault();
        if (raw is null) return null;
        if (bool.TryParse(raw, out var value)) return value;
        error = ApiErrors.Invalid(name, "parameter_invalid_boolean", $"{name} must be true or false.");
        return null;
    }

    /// <summary>Unix seconds, e.g. <c>created[gte]=1700000000</c>.</summary>
    public static DateTime? UnixTime(IQueryCollection query, string name, out ApiError? error)
    {
        error = null;
        var raw = query[name].FirstOrDefault();
        if (raw is null) return null;
        if (long.TryParse(raw, out var seconds) && seconds >= 0 && seconds < 253402300800) return Unix.ToUtc(seconds);
        error = ApiErrors.Invalid(name, "parameter_invalid_integer", $"{name} must be a unix timestamp in seconds.");
        return null;
    }
}
