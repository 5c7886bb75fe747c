using System.Globalization;
using System.Text;
using OpenCheckout.Server.Infrastructure.Auth;

namespace OpenCheckout.Server.Infrastructure.Data.Sqlite;

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
        _sql.Append(_sql.Length == 0 ? "WHERE (" : " AND (").Append(Term(condition, values)).Append(')');
        return this;
    }

    public string Sql => _sql.ToString();
    public object?[] Values => [.. _values];

    /// <summary>Newest first, by the cursor of <paramref name="p"/>: <c>FROM {table} {WHERE} ORDER BY Id ... LIMIT ...</c>;
    /// seeks an index that ends in the id (the owner's, or a filter's), so a page costs O(limit) however deep. Fetches one
    /// more row than the limit, to tell whether there are more; <paramref name="oldestFirst"/> says the rows come oldest
    /// first (ending_before).</summary>
    public (string Sql, object?[] Values) Page(string table, ListParams p, out bool oldestFirst)
    {
        AddCursor(p, out oldestFirst);
        return ($"FROM {table} {Sql} {OrderAndLimit(p, oldestFirst)}", Values);
    }

    /// <summary>Like <see cref="Page"/>, of the rows that also match the first or the second condition, which no row meets
    /// both of; each names the table it reads (<c>From</c>, which may say <c>INDEXED BY</c>). Each is a query of its own, so
    /// each seeks its own index, and SQLite merges the two in id order, reading about a page from each; an OR in one
    /// WHERE would read every match of both to sort them.</summary>
    public (string Sql, object?[] Values) PageOfEither((string From, string Condition, object?[] Values) first,
        (string From, string Condition, object?[] Values) second, ListParams p, out bool oldestFirst)
    {
        AddCursor(p, out oldestFirst);
        var where = _sql.Length == 0 ? "WHERE" : Sql + " AND";
        // Terms are numbered as they are made, so the first's values come before the second's, as they appear in the text.
        var a = Term(first.Condition, first.Values);
        var b = Term(second.Condition, second.Values);
        return ($"FROM (SELECT * FROM {first.From} {where} ({a}) UNION ALL SELECT * FROM {second.From} {where} ({b})) "
            + OrderAndLimit(p, oldestFirst), Values);
    }

    /// <summary><paramref name="condition"/> with <c>@pN</c> names for its values, which are added to this clause's.</summary>
    string Term(string condition, object?[] values)
    {
        var names = new object[values.Length];
        for (var i = 0; i < values.Length; i++) names[i] = "@p" + (_values.Count + i);
        _values.AddRange(values);
        return string.Format(condition, names);
    }

    void AddCursor(ListParams p, out bool oldestFirst)
    {
        oldestFirst = p.EndingBefore is not null;
        if (p.EndingBefore is { } before) And("Id > {0}", before);
        else if (p.StartingAfter is { } after) And("Id < {0}", after);
    }

    string OrderAndLimit(ListParams p, bool oldestFirst)
    {
        // The limit is written into the text (a validated integer, 2–101): SQLite's planner reads a bound LIMIT, so it
        // recompiles such a statement on every execution, which undid the point of keeping it prepared.
        var limit = (p.Limit + 1).ToString(CultureInfo.InvariantCulture);
        if (oldestFirst) return $"ORDER BY Id LIMIT {limit}";
        var offset = Term("{0}", [p.Offset]);
        return $"ORDER BY Id DESC LIMIT {limit} OFFSET {offset}";
    }
}
