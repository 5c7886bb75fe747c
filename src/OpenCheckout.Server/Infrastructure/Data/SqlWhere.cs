using System.Globalization;
using System.Text;
using OpenCheckout.Server.Infrastructure.Auth;

namespace OpenCheckout.Server.Infrastructure.Data;

/// <summary>A WHERE clause for <see cref="PreparedConnection"/>, built from fixed condition texts: values always
/// go in as parameters, so the few combinations a list endpoint allows each compile to one cached statement.</summary>
sealed class SqlWhere
{
    readonly StringBuilder _sql = new();
    readonly List<object?> _values = [];

    /// <summary>Rows owned by <paramref name="merchant"/> in its mode.</summary>
    public static SqlWhere OwnedBy(Merchant merchant) => new SqlWhere().And("AccountId = {0} AND TestMode = {1}", merchant.AccountId, merchant.TestMode);

    /// <summary>Adds <paramref name="condition"/>, whose <c>{0}</c>, <c>{1}</c>... stand for <paramref name="values"/>.</summary>
    public SqlWhere And(string condition, params object?[] values)
    {
        var names = new object[values.Length];
        for (var i = 0; i < values.Length; i++) names[i] = "@p" + (_values.Count + i);
        _sql.Append(_sql.Length == 0 ? "WHERE (" : " AND (").Append(string.Format(condition, names)).Append(')');
        _values.AddRange(values);
        return this;
    }

    public string Sql => _sql.ToString();
    public object?[] Values => [.. _values];

    /// <summary>Newest first, by the cursor of <paramref name="p"/>: <c>{WHERE} ORDER BY Id ... LIMIT ...</c>; seeks on the
    /// (account, mode, id) index, so a page costs O(limit) however deep. Fetches one more row than the limit, to tell
    /// whether there are more; <paramref name="oldestFirst"/> says the rows come oldest first (ending_before).</summary>
    public (string Sql, object?[] Values) Page(ListParams p, out bool oldestFirst)
    {
        oldestFirst = p.EndingBefore is not null;
        if (p.EndingBefore is { } before) And("Id > {0}", before);
        else if (p.StartingAfter is { } after) And("Id < {0}", after);
        // The limit is written into the text (a validated integer, 2–101): SQLite's planner reads a bound LIMIT, so it
        // recompiles such a statement on every execution, which undid the point of keeping it prepared.
        var limit = (p.Limit + 1).ToString(CultureInfo.InvariantCulture);
        if (oldestFirst) return ($"{Sql} ORDER BY Id LIMIT {limit}", Values);
        var offset = "@p" + _values.Count;
        _values.Add(p.Offset);
        return ($"{Sql} ORDER BY Id DESC LIMIT {limit} OFFSET {offset}", Values);
    }
}
