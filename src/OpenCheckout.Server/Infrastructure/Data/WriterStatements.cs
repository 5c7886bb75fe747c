using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace OpenCheckout.Server.Infrastructure.Data;

/// <summary>The group-commit writer's statements, compiled once on its connection and run through SQLite's own API:
/// values are bound by position (Microsoft.Data.Sqlite binds each parameter by looking its name up in the statement,
/// a linear search per value that was a visible share of a 37-column insert). Values are stored in the formats
/// Microsoft.Data.Sqlite uses, so EF Core reads these rows as its own. Not thread-safe: the writer's alone.</summary>
sealed class WriterStatements(SqliteConnection connection) : IDisposable
{
    readonly Dictionary<string, sqlite3_stmt> _statements = new(StringComparer.Ordinal);

    /// <summary>Runs <paramref name="sql"/> (one statement, no result rows) with <paramref name="values"/> as ?1, ?2, ...
    /// (or @p0, @p1, ... in that order); returns the number of rows changed.</summary>
    public int Execute(string sql, ReadOnlySpan<object?> values)
    {
        var db = connection.Handle!;
        var statement = Statement(db, sql);
        try
        {
            if (raw.sqlite3_bind_parameter_count(statement) != values.Length)
                throw new ArgumentException($"The statement takes {raw.sqlite3_bind_parameter_count(statement)} values; {values.Length} were given.", nameof(values));
            for (var i = 0; i < values.Length; i++) Check(db, Bind(statement, i + 1, values[i]));
            var result = raw.sqlite3_step(statement);
            if (result != raw.SQLITE_DONE) Check(db, result);
            return raw.sqlite3_changes(db);
        }
        finally
        {
            raw.sqlite3_reset(statement);
            raw.sqlite3_clear_bindings(statement);
        }
    }

    sqlite3_stmt Statement(sqlite3 db, string sql)
    {
        if (_statements.TryGetValue(sql, out var statement)) return statement;
        Check(db, raw.sqlite3_prepare_v2(db, sql, out statement, out var tail));
        if (!string.IsNullOrWhiteSpace(tail))
        {
            statement.Dispose();
            throw new ArgumentException("Only one statement can be run at a time.", nameof(sql));
        }
        _statements.Add(sql, statement);
        return statement;
    }

    static int Bind(sqlite3_stmt statement, int index, object? value) => value switch
    {
        null or DBNull => raw.sqlite3_bind_null(statement, index),
        string text => raw.sqlite3_bind_text(statement, index, text),
        long number => raw.sqlite3_bind_int64(statement, index, number),
        int number => raw.sqlite3_bind_int64(statement, index, number),
        bool flag => raw.sqlite3_bind_int64(statement, index, flag ? 1 : 0),
        DateTime time => raw.sqlite3_bind_text(statement, index, time.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture)),
        byte[] bytes => raw.sqlite3_bind_blob(statement, index, bytes),
        _ => throw new NotSupportedException($"A {value.GetType().Name} value is not bound by the writer's statements."),
    };

    /// <summary>SQLite's error as Microsoft.Data.Sqlite reports it, so callers handle one exception type.</summary>
    static void Check(sqlite3 db, int result)
    {
        if (result is raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW) return;
        throw new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), result, raw.sqlite3_extended_errcode(db));
    }

    public void Dispose()
    {
        foreach (var statement in _statements.Values) statement.Dispose();
        _statements.Clear();
    }
}
