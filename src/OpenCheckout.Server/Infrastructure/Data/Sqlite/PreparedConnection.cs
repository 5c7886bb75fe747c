using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace OpenCheckout.Server.Infrastructure.Data.Sqlite;

/// <summary>One open connection and the statements compiled on it, by SQL text, run through SQLite's own API.
/// Microsoft.Data.Sqlite compiles a command's SQL again on every execution (dotnet/efcore#14044) and binds each
/// parameter by looking its name up in the statement; EF Core adds a command per query. Here a statement is compiled
/// once and values are bound by position: <c>@p0</c>, <c>@p1</c>, ... in the order of the values given. Values are
/// stored and read in Microsoft.Data.Sqlite's formats, so EF Core reads these rows as its own and the other way round.
/// Not thread-safe: one user at a time.</summary>
public sealed class PreparedConnection(SqliteConnection connection, bool ownsConnection) : IDisposable
{
    // The SQL texts are a few fixed strings per call site (list filters combine into a few dozen at most); the cap
    // only guards against a caller building unbounded texts.
    const int MaxStatements = 64;

    readonly Dictionary<string, sqlite3_stmt> _statements = new(StringComparer.Ordinal);
    readonly Utf8StringPool _strings = new();

    sqlite3 Db => connection.Handle ?? throw new InvalidOperationException("The connection is not open.");

    /// <summary>Runs <paramref name="sql"/> (one statement, no result rows); the number of rows it changed.</summary>
    public int Execute(string sql, params ReadOnlySpan<object?> values)
    {
        using var rows = Query(sql, values);
        rows.Read();
        return raw.sqlite3_changes(Db);
    }

    /// <summary>The rows of <paramref name="sql"/>; read them before running another statement on this connection.</summary>
    public PreparedRows Query(string sql, params ReadOnlySpan<object?> values)
    {
        var statement = Statement(sql);
        var count = raw.sqlite3_bind_parameter_count(statement);
        if (count != values.Length)
            throw new ArgumentException($"The statement takes {count} values; {values.Length} were given.", nameof(values));
        try
        {
            for (var i = 0; i < values.Length; i++) Check(Bind(statement, i + 1, values[i]));
        }
        catch
        {
            PreparedRows.Reset(statement);
            throw;
        }
        return new PreparedRows(Db, statement, _strings);
    }

    /// <summary>Runs SQL text of any number of statements once, without keeping it compiled (connection set-up).</summary>
    public void ExecuteScript(string sql) => Check(raw.sqlite3_exec(Db, sql));

    sqlite3_stmt Statement(string sql)
    {
        if (_statements.TryGetValue(sql, out var statement)) return statement;
        if (_statements.Count >= MaxStatements) Clear();
        Check(raw.sqlite3_prepare_v2(Db, sql, out statement, out var tail));
        if (!string.IsNullOrWhiteSpace(tail))
        {
            statement.Dispose();
            throw new ArgumentException("Only one statement can be prepared at a time.", nameof(sql));
        }
        // Values are bound by position, and SQLite numbers parameters in the order they first appear: @p1 before @p0, or
        // any other name, would bind values to the wrong places, so such a text is refused here.
        for (var i = 1; i <= raw.sqlite3_bind_parameter_count(statement); i++)
        {
            if (raw.sqlite3_bind_parameter_name(statement, i).utf8_to_string() == "@p" + (i - 1)) continue;
            statement.Dispose();
            throw new ArgumentException($"Parameters must be @p0, @p1, ... in order of first appearance: {sql}", nameof(sql));
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
        DateTime time => raw.sqlite3_bind_text(statement, index, time.ToString(PreparedRows.DateTimeFormat, CultureInfo.InvariantCulture)),
        byte[] bytes => raw.sqlite3_bind_blob(statement, index, bytes),
        _ => throw new NotSupportedException($"A {value.GetType().Name} value cannot be bound here."),
    };

    void Check(int result) => PreparedRows.Check(Db, result);

    void Clear()
    {
        foreach (var statement in _statements.Values) statement.Dispose();
        _statements.Clear();
    }

    public void Dispose()
    {
        Clear();
        if (ownsConnection) connection.Dispose();
    }
}

/// <summary>The result rows of a prepared statement, column by column as Microsoft.Data.Sqlite's reader returns them.
/// Disposing resets the statement for its next use.</summary>
public readonly struct PreparedRows : IDisposable
{
    readonly sqlite3 _db;
    readonly sqlite3_stmt _statement;
    readonly Utf8StringPool _strings;
    readonly nint _handle;

    public PreparedRows(sqlite3 db, sqlite3_stmt statement, Utf8StringPool strings)
    {
        (_db, _statement, _strings) = (db, statement, strings);
        // Columns are read through the statement's native handle (SqliteColumn); the reference taken here, released by
        // Dispose, keeps the statement from being finalized while its rows are read.
        var added = false;
        statement.DangerousAddRef(ref added);
        _handle = statement.DangerousGetHandle();
    }

    /// <summary>The connection's pool, for text that repeats from row to row.</summary>
    public Utf8StringPool Strings => _strings;

    /// <summary>How Microsoft.Data.Sqlite (and so EF Core) writes a DateTime.</summary>
    public const string DateTimeFormat = @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF";

    public bool Read()
    {
        var result = raw.sqlite3_step(_statement);
        if (result == raw.SQLITE_ROW) return true;
        Check(_db, result);
        return false;
    }

    public bool IsNull(int column) => SqliteColumn.Type(_handle, column) == raw.SQLITE_NULL;
    public string GetString(int column) => Encoding.UTF8.GetString(GetBytes(column));
    public string? GetStringOrNull(int column) => IsNull(column) ? null : GetString(column);

    /// <summary>For columns whose values repeat from row to row (see <see cref="Utf8StringPool"/>); unique ones are better
    /// read with <see cref="GetString"/>, which does not displace pooled values.</summary>
    public string GetRepeatedString(int column) => _strings.Get(GetBytes(column));
    public string? GetRepeatedStringOrNull(int column) => IsNull(column) ? null : GetRepeatedString(column);
    public long GetInt64(int column) => SqliteColumn.Int64(_handle, column);
    public bool GetBoolean(int column) => GetInt64(column) != 0;

    /// <summary>The column's bytes as stored (UTF-8 for text), valid until the next <see cref="Read"/>.</summary>
    public ReadOnlySpan<byte> GetBytes(int column) => SqliteColumn.Bytes(_handle, column);

    /// <summary>The value Microsoft.Data.Sqlite's <c>DateTime.Parse</c> gives (Kind Unspecified); its own format, the only one
    /// the server writes, is read digit by digit, and anything else goes to <c>DateTime.Parse</c>.</summary>
    public DateTime GetDateTime(int column)
    {
        var text = GetBytes(column);
        return TryParseOwnFormat(text, out var value) ? value : DateTime.Parse(GetString(column), CultureInfo.InvariantCulture);
    }

    /// <summary><see cref="DateTimeFormat"/>: <c>yyyy-MM-dd HH:mm:ss</c>, then <c>.</c> and 1–7 digits of fraction unless it is zero.</summary>
    internal static bool TryParseOwnFormat(ReadOnlySpan<byte> text, out DateTime value)
    {
        value = default;
        if (text.Length is < 19 or > 27 or 20 || text[4] != '-' || text[7] != '-' || text[10] != ' ' || text[13] != ':' || text[16] != ':'
            || text.Length > 19 && text[19] != '.')
            return false;
        if (!Digits(text[..4], out var year) || !Digits(text.Slice(5, 2), out var month) || !Digits(text.Slice(8, 2), out var day)
            || !Digits(text.Slice(11, 2), out var hour) || !Digits(text.Slice(14, 2), out var minute) || !Digits(text.Slice(17, 2), out var second))
            return false;
        var ticks = 0;
        if (text.Length > 19)
        {
            if (!Digits(text[20..], out ticks)) return false;
            for (var i = text.Length - 20; i < 7; i++) ticks *= 10;
        }
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            return false;
        value = new DateTime(year, month, day, hour, minute, second).AddTicks(ticks);
        return true;
    }

    static bool Digits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (c is < (byte)'0' or > (byte)'9') return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }

    public DateTime? GetDateTimeOrNull(int column) => IsNull(column) ? null : GetDateTime(column);

    public void Dispose()
    {
        Reset(_statement);
        _statement.DangerousRelease();
    }

    internal static void Reset(sqlite3_stmt statement)
    {
        raw.sqlite3_reset(statement);
        raw.sqlite3_clear_bindings(statement);
    }

    /// <summary>SQLite's error as Microsoft.Data.Sqlite reports it, so callers handle one exception type.</summary>
    internal static void Check(sqlite3 db, int result)
    {
        if (result is raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW) return;
        throw new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), result, raw.sqlite3_extended_errcode(db));
    }
}

/// <summary>SQLite's column accessors, called with a statement's native handle. SQLitePCL.raw takes the statement's
/// SafeHandle on every call, which adds and releases a reference each time (interlocked) around the call, and a list page
/// makes a thousand such calls. <see cref="PreparedRows"/> holds one reference while it reads.</summary>
static class SqliteColumn
{
    const string Library = "e_sqlite3"; // the native library SQLitePCL.raw's bundle ships and loads

    // Each returns at once without calling back or blocking, so no GC transition is needed around it.
    [DllImport(Library, EntryPoint = "sqlite3_column_type"), SuppressGCTransition]
    public static extern int Type(nint statement, int column);

    [DllImport(Library, EntryPoint = "sqlite3_column_int64"), SuppressGCTransition]
    public static extern long Int64(nint statement, int column);

    [DllImport(Library, EntryPoint = "sqlite3_column_blob"), SuppressGCTransition]
    static extern nint Blob(nint statement, int column);

    [DllImport(Library, EntryPoint = "sqlite3_column_bytes"), SuppressGCTransition]
    static extern int ByteCount(nint statement, int column);

    /// <summary>The value's bytes (UTF-8 for text), SQLite's memory until the next step or reset: blob first, then its
    /// length, as SQLite asks.</summary>
    public static unsafe ReadOnlySpan<byte> Bytes(nint statement, int column)
    {
        var bytes = Blob(statement, column);
        return new ReadOnlySpan<byte>((void*)bytes, ByteCount(statement, column));
    }
}
