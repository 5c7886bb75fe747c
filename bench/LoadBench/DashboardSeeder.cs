using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;
using OpenCheckout.Ids;

namespace OpenCheckout.Bench;

/// <summary>A kind of session the dashboard bench seeds, made once through the API (a template) and then cloned.</summary>
enum SessionKind { Paid, DeclinedThenPaid, PaidAndRefunded, DeclinedThenExpired, Expired, Open }

/// <summary>One table's rows that belong to a template session, with the column types the database reported.</summary>
sealed record TemplateTable(string Name, IReadOnlyList<string> Columns, IReadOnlyList<string> Types, IReadOnlyList<object?[]> Rows);

/// <summary>A template session and every row the server wrote about it (session, payment intent, customer, charges, events,
/// refunds...), found by following ids from the session's row through every other row that names one of them.</summary>
sealed record Template(SessionKind Kind, string SessionId, DateTime CreatedAt, string Email, string Reference, IReadOnlyList<TemplateTable> Tables);

/// <summary>The dashboard bench's data: 100k sessions of one merchant over 90 days, each a copy of one of six template sessions
/// the server made through its own API (paid; declined then paid; paid then refunded; declined then expired; expired; open).
/// A copy is the template's rows with every per-session id replaced by a new id of the same kind made at the shifted time
/// (ids begin with their creation time, which the dashboard's queries rely on), every time moved by the same offset (DateTime
/// columns, and unix seconds inside JSON), and the buyer's email and the client_reference_id made the copy's own. So the
/// rows are the API's rows, byte for byte apart from those values. Written straight into the database (SQLite: prepared
/// inserts in large transactions; PostgreSQL: binary COPY), oldest first, as the server would have written them.</summary>
static partial class DashboardSeeder
{
    /// <summary>Prefixes of the ids made per session; the others (account, prices, products...) are shared and kept.</summary>
    static readonly string[] PerSession = [ObjectId.Session, ObjectId.Customer, ObjectId.PaymentIntent, ObjectId.PaymentMethod, ObjectId.Refund,
        ObjectId.Event, ObjectId.LineItem, ObjectId.Charge, ObjectId.WebhookDelivery, ObjectId.WebhookAttempt, ObjectId.Dispute];

    /// <summary>Tables that are the merchant's or the server's, not a session's: never copied.</summary>
    static readonly string[] Shared = ["Accounts", "ApiKeys", "DashboardUsers", "Products", "Prices", "Coupons", "ShippingRates", "PaymentLinks",
        "WebhookEndpoints", "RequestLog", "RequestLogEntries", "IdempotencyRecords", "IdempotencyClaims", "NodeInstances", "DataProtectionKeys",
        "__EFMigrationsHistory"];

    public static readonly TimeSpan Window = TimeSpan.FromDays(90);

    /// <summary>The mix: ~60% complete (paid, some after a decline, some refunded), the rest declined, expired or open.</summary>
    public static SessionKind KindOf(int i, DateTime createdAt, DateTime now, TimeSpan lifetime)
    {
        var r = (int)((uint)(i * 2654435761u) % 100); // a fixed scatter, so runs seed the same mix
        var kind = r switch
        {
            < 45 => SessionKind.Paid,
            < 52 => SessionKind.DeclinedThenPaid,
            < 60 => SessionKind.PaidAndRefunded,
            < 66 => SessionKind.DeclinedThenExpired,
            _ => SessionKind.Expired,
        };
        // A session that is not paid and has not reached expires_at is open.
        return kind is SessionKind.Expired or SessionKind.DeclinedThenExpired && createdAt + lifetime > now ? SessionKind.Open : kind;
    }

    public static string EmailOf(int i) => $"buyer{i}@shop.example";
    public static string ReferenceOf(int i) => $"order_{i}";

    /// <summary>Reads every table's rows and keeps, per template, those that name one of its ids (transitively).</summary>
    public static Template Collect(SessionKind kind, string sessionId, DateTime createdAt, string email, string reference,
        IReadOnlyList<(string Name, List<string> Columns, List<string> Types, List<object?[]> Rows)> all)
    {
        var known = new HashSet<string> { sessionId };
        var taken = all.ToDictionary(t => t.Name, _ => new HashSet<int>());
        bool changed;
        do
        {
            changed = false;
            foreach (var table in all.Where(t => !Shared.Contains(t.Name)))
                for (var r = 0; r < table.Rows.Count; r++)
                {
                    if (taken[table.Name].Contains(r)) continue;
                    var texts = table.Rows[r].OfType<string>().ToList();
                    if (!texts.Any(t => IdPattern().Matches(t).Any(m => known.Contains(m.Value)))) continue;
                    taken[table.Name].Add(r);
                    foreach (var id in texts.SelectMany(t => IdPattern().Matches(t)).Select(m => m.Value).Where(IsPerSession)) known.Add(id);
                    changed = true;
                }
        } while (changed);
        var tables = all.Where(t => taken[t.Name].Count > 0)
            .Select(t => new TemplateTable(t.Name, t.Columns, t.Types, taken[t.Name].Order().Select(r => t.Rows[r]).ToList())).ToList();
        return new Template(kind, sessionId, createdAt, email, reference, tables);
    }

    static bool IsPerSession(string id) => PerSession.Any(p => id.StartsWith(p, StringComparison.Ordinal));

    /// <summary>The template's rows for copy <paramref name="i"/>, created at <paramref name="createdAt"/>: table → rows.</summary>
    public static IEnumerable<(string Table, object?[] Row)> Copy(Template template, int i, DateTime createdAt)
    {
        var delta = createdAt - template.CreatedAt;
        var deltaSeconds = (long)Math.Round(delta.TotalSeconds);
        var templateSeconds = new DateTimeOffset(template.CreatedAt, TimeSpan.Zero).ToUnixTimeSeconds();
        // Old ids in id order, each given a new id at its own time + delta, after the previous new id of its kind (so events
        // recorded in one millisecond keep their order).
        var ids = template.Tables.SelectMany(t => t.Rows).SelectMany(r => r.OfType<string>())
            .SelectMany(t => IdPattern().Matches(t)).Select(m => m.Value).Where(IsPerSession).Distinct().Order(StringComparer.Ordinal).ToList();
        var map = new Dictionary<string, string>();
        var last = new Dictionary<string, string>();
        foreach (var id in ids)
        {
            var prefix = id[..(id.IndexOf('_') + 1)];
            var at = Ulid.Parse(id.AsSpan(prefix.Length)).Time + delta;
            last.TryGetValue(prefix, out var previous);
            map[id] = last[prefix] = ObjectId.NewAfter(prefix, at, previous);
        }
        var email = EmailOf(i);
        var reference = ReferenceOf(i);
        string Text(string value)
        {
            var s = IdPattern().Replace(value, m => map.TryGetValue(m.Value, out var n) ? n : m.Value);
            s = s.Replace(template.Email, email, StringComparison.Ordinal).Replace(template.Reference, reference, StringComparison.Ordinal);
            // Unix seconds in JSON payloads (created, expires_at, event_dt...) from the session's creation on: moved; the
            // prices' and products' own times are older and stay.
            if (s.Length > 0 && s[0] is '{' or '[')
                s = UnixSecondsPattern().Replace(s, m =>
                {
                    var v = long.Parse(m.Value, CultureInfo.InvariantCulture);
                    return v >= templateSeconds - 1 && v <= templateSeconds + 3 * 86_400 ? (v + deltaSeconds).ToString(CultureInfo.InvariantCulture) : m.Value;
                });
            return s;
        }
        foreach (var table in template.Tables)
            foreach (var row in table.Rows)
            {
                var copy = new object?[row.Length];
                for (var c = 0; c < row.Length; c++)
                {
                    var value = row[c];
                    copy[c] = value switch
                    {
                        DateTime d when d >= template.CreatedAt.AddSeconds(-1) => DateTime.SpecifyKind(d + delta, d.Kind),
                        string s when SqliteDateTimePattern().IsMatch(s) && Seeder.ParseUtc(s) is var d && d >= template.CreatedAt.AddSeconds(-1)
                            => Seeder.FormatDateTime(d + delta),
                        string s => Text(s),
                        _ => value,
                    };
                    // The dispatcher clears FanOutDueAt once it has made an event's deliveries (none here: no endpoints).
                    if (table.Columns[c] == "FanOutDueAt") copy[c] = DBNull.Value;
                }
                yield return (table.Name, copy);
            }
    }

    // ---- reading and writing: SQLite ----

    public static List<(string Name, List<string> Columns, List<string> Types, List<object?[]> Rows)> ReadAllSqlite(string path)
    {
        using var connection = Seeder.Open(path);
        var names = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
            using var reader = command.ExecuteReader();
            while (reader.Read()) names.Add(reader.GetString(0));
        }
        var all = new List<(string, List<string>, List<string>, List<object?[]>)>();
        foreach (var name in names)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{name}\"";
            using var reader = command.ExecuteReader();
            var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
            var rows = new List<object?[]>();
            while (reader.Read())
            {
                var row = new object?[reader.FieldCount];
                reader.GetValues(row!);
                rows.Add(row);
            }
            all.Add((name, columns, columns.Select(_ => "").ToList(), rows));
        }
        return all;
    }

    public static int WriteSqlite(string path, IEnumerable<(string Table, object?[] Row)> rows, IReadOnlyList<TemplateTable> shapes, CancellationToken ct)
    {
        using var connection = Seeder.Open(path);
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous=OFF; PRAGMA cache_size=-262144;"; // setup, not measured
            pragma.ExecuteNonQuery();
        }
        var inserts = new Dictionary<string, SqliteCommand>();
        foreach (var shape in shapes.DistinctBy(s => s.Name))
        {
            var insert = connection.CreateCommand();
            insert.CommandText = $"INSERT INTO \"{shape.Name}\" ({string.Join(", ", shape.Columns.Select(c => $"\"{c}\""))}) " +
                                 $"VALUES ({string.Join(", ", shape.Columns.Select((_, i) => $"$p{i}"))})";
            for (var i = 0; i < shape.Columns.Count; i++) insert.Parameters.Add(new SqliteParameter($"$p{i}", null));
            inserts[shape.Name] = insert;
        }
        var count = 0;
        var transaction = connection.BeginTransaction();
        try
        {
            foreach (var (table, row) in rows)
            {
                var insert = inserts[table];
                insert.Transaction = transaction;
                for (var i = 0; i < row.Length; i++) insert.Parameters[i].Value = row[i] ?? DBNull.Value;
                insert.ExecuteNonQuery();
                if (++count % 100_000 == 0)
                {
                    ct.ThrowIfCancellationRequested();
                    transaction.Commit();
                    transaction.Dispose();
                    transaction = connection.BeginTransaction();
                }
            }
            transaction.Commit();
        }
        finally
        {
            transaction.Dispose();
            foreach (var insert in inserts.Values) insert.Dispose();
        }
        using (var checkpoint = connection.CreateCommand())
        {
            checkpoint.CommandText = "PRAGMA synchronous=FULL; PRAGMA wal_checkpoint(TRUNCATE);";
            checkpoint.ExecuteNonQuery();
        }
        return count;
    }

    // ---- reading and writing: PostgreSQL ----

    public static async Task<List<(string Name, List<string> Columns, List<string> Types, List<object?[]> Rows)>> ReadAllPostgresAsync(
        string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        var names = new List<string>();
        await using (var command = new NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = 'public'", connection))
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) names.Add(reader.GetString(0));
        var all = new List<(string, List<string>, List<string>, List<object?[]>)>();
        foreach (var name in names)
        {
            await using var command = new NpgsqlCommand($"SELECT * FROM \"{name}\"", connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
            var types = Enumerable.Range(0, reader.FieldCount).Select(reader.GetDataTypeName).ToList();
            var rows = new List<object?[]>();
            while (await reader.ReadAsync(ct))
            {
                var row = new object?[reader.FieldCount];
                reader.GetValues(row!);
                rows.Add(row);
            }
            all.Add((name, columns, types, rows));
        }
        return all;
    }

    /// <summary>One binary COPY per table, each on its own connection, fed row by row in the order given.</summary>
    public static async Task<int> WritePostgresAsync(string connectionString, IEnumerable<(string Table, object?[] Row)> rows,
        IReadOnlyList<TemplateTable> shapes, CancellationToken ct)
    {
        var connections = new List<NpgsqlConnection>();
        var importers = new Dictionary<string, (NpgsqlBinaryImporter Importer, TemplateTable Shape)>();
        try
        {
            foreach (var shape in shapes.DistinctBy(s => s.Name))
            {
                var connection = new NpgsqlConnection(connectionString);
                connections.Add(connection);
                await connection.OpenAsync(ct);
                var importer = await connection.BeginBinaryImportAsync(
                    $"COPY \"{shape.Name}\" ({string.Join(", ", shape.Columns.Select(c => $"\"{c}\""))}) FROM STDIN (FORMAT BINARY)", ct);
                importers[shape.Name] = (importer, shape);
            }
            var count = 0;
            foreach (var (table, row) in rows)
            {
                var (importer, shape) = importers[table];
                await importer.StartRowAsync(ct);
                for (var i = 0; i < row.Length; i++)
                {
                    if (row[i] is null or DBNull) await importer.WriteNullAsync(ct);
                    else await importer.WriteAsync(row[i], shape.Types[i], ct);
                }
                count++;
            }
            foreach (var (importer, _) in importers.Values)
            {
                await importer.CompleteAsync(ct);
                await importer.DisposeAsync();
            }
            importers.Clear();
            return count;
        }
        finally
        {
            foreach (var (importer, _) in importers.Values) await importer.DisposeAsync();
            foreach (var connection in connections) await connection.DisposeAsync();
        }
    }

    [GeneratedRegex("f[a-z]{1,5}_[0-9A-HJKMNP-TV-Z]{26}")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"(?<=[:\[,])\d{10}(?=[,}\]])")]
    private static partial Regex UnixSecondsPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,7})?$")]
    private static partial Regex SqliteDateTimePattern();
}
