using System.Diagnostics;
using System.Text.Json;
using Npgsql;

namespace OpenCheckout.Bench;

/// <summary>A server database filled for a run: its merchant's test key, the catalog, and the seeded sessions. A SQLite
/// file at <see cref="Path"/>, or, with <see cref="PostgresConnectionString"/>, a PostgreSQL database.</summary>
sealed record PreparedDatabase(string Path, string TestKey, Catalog Catalog, string TemplateId, SeedResult Seed, string? PostgresConnectionString = null)
{
    /// <summary>Sessions stored when seeding ended: the seeded ones and the template.</summary>
    public long StoredSessions => Seed.Rows + 1;

    public long CountSessions()
    {
        if (PostgresConnectionString is null) return Seeder.CountSessions(Path);
        using var connection = new NpgsqlConnection(PostgresConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT COUNT(*) FROM \"CheckoutSessions\"", connection);
        return (long)command.ExecuteScalar()!;
    }
}

static class Datasets
{
    /// <summary>Starts the server once on <paramref name="databasePath"/> (it migrates a new file and creates the merchant
    /// with <paramref name="testKey"/>), creates the catalog and a template session through the API, stops it, seeds.</summary>
    public static async Task<PreparedDatabase> PrepareAsync(string serverDll, string workingDirectory, string databasePath, string testKey,
        int sessions, Action<string> log, CancellationToken ct)
    {
        Catalog catalog;
        string templateId;
        await using (var server = AppProcess.StartServer(serverDll, workingDirectory, databasePath, testKey))
        {
            try
            {
                using var api = Api.Client(server.BaseAddress, testKey);
                await server.WaitUntilHealthyAsync(api, TimeSpan.FromSeconds(60), ct);
                await server.WaitUntilKeyAcceptedAsync(api, TimeSpan.FromSeconds(30), ct);
                catalog = await Catalog.CreateAsync(api, ct);
                using var template = await Api.PostAsync(api, "/v1/checkout/sessions",
                    catalog.CreateSessionBody("order_" + Seeder.TemplateOrderId, Seeder.TemplateOrderId), ct);
                templateId = template.RootElement.GetProperty("checkout_session").GetProperty("id").GetString()!;
            }
            catch (Exception e) when (e is InvalidOperationException or HttpRequestException or TimeoutException)
            {
                throw new InvalidOperationException($"{e.Message}\nServer output (last lines):\n{server.OutputTail()}", e);
            }
        }
        log($"  Seeding {sessions:N0} sessions into {databasePath} ...");
        var seed = Seeder.Seed(databasePath, templateId, sessions, DateTime.UtcNow, log, ct);
        log($"  Seeded {seed.Rows:N0} sessions in {seed.Seconds:0.0} s ({seed.RowsPerSecond:N0} rows/s); " +
            $"database {new FileInfo(databasePath).Length / (1024.0 * 1024.0):N0} MB.");
        return new PreparedDatabase(databasePath, testKey, catalog, templateId, seed);
    }

    /// <summary>The PostgreSQL database's sessions, made through the API of a node that has migrated it: the catalog, a
    /// template session, then <paramref name="sessions"/> sessions of the same shape as the SQLite seeder's (two line
    /// items, client_reference_id order_n, metadata order_id n), created by <paramref name="concurrency"/> requests at a
    /// time. They are all open and created within seconds of each other (the SQLite seeder spreads its sessions over 30
    /// days, most expired): the GET and the list page read the same kind of row either way.</summary>
    public static async Task<PreparedDatabase> CreateThroughApiAsync(HttpClient api, string label, string connectionString, string testKey,
        int sessions, int concurrency, Action<string> log, CancellationToken ct)
    {
        var catalog = await Catalog.CreateAsync(api, ct);
        using var template = await Api.PostAsync(api, "/v1/checkout/sessions",
            catalog.CreateSessionBody("order_" + Seeder.TemplateOrderId, Seeder.TemplateOrderId), ct);
        var templateId = template.RootElement.GetProperty("checkout_session").GetProperty("id").GetString()!;
        log($"  Creating {sessions:N0} sessions through the API ({label}), {concurrency} at a time ...");
        var created = new SeededSession[sessions];
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < sessions)
            {
                var order = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                using var document = await Api.PostAsync(api, "/v1/checkout/sessions", catalog.CreateSessionBody("order_" + order, order), ct);
                var s = document.RootElement.GetProperty("checkout_session");
                created[i] = new SeededSession(i, s.GetProperty("id").GetString()!,
                    DateTimeOffset.FromUnixTimeSeconds(s.GetProperty("created").GetInt64()).UtcDateTime,
                    DateTimeOffset.FromUnixTimeSeconds(s.GetProperty("expires_at").GetInt64()).UtcDateTime);
            }
        }, ct)));
        var seconds = clock.Elapsed.TotalSeconds;
        log($"  Created {sessions:N0} sessions in {seconds:0.0} s ({sessions / seconds:N0} a second).");
        var every = Math.Max(1, sessions / 10_000); // the GET scenario's ids: 10,000 at most, spread over the table, as the seeder keeps
        var sample = created.Where((_, i) => i % every == 0 || i == sessions - 1).ToList();
        return new PreparedDatabase(label, testKey, catalog, templateId, new SeedResult(sessions, seconds, sample, []), connectionString);
    }

    /// <summary>Reads seeded sessions back through the API (200, and the fields the seeder meant), and compares their JSON
    /// shape with the template the server created itself; then one deep cursor page.</summary>
    public static async Task<int> VerifyThroughApiAsync(HttpClient api, PreparedDatabase db, CancellationToken ct)
    {
        using var templateDocument = await Api.GetAsync(api, $"/v1/checkout/sessions/{db.TemplateId}", ct);
        var template = templateDocument.RootElement.GetProperty("checkout_session");
        var sample = db.Seed.Sample;
        var picks = Enumerable.Range(0, 24).Select(i => sample[(int)((long)i * (sample.Count - 1) / 23)]).Distinct().ToList();
        var now = DateTime.UtcNow;
        foreach (var seeded in picks)
        {
            using var document = await Api.GetAsync(api, $"/v1/checkout/sessions/{seeded.Id}", ct);
            var s = document.RootElement.GetProperty("checkout_session");
            void Expect(bool condition, string what)
            {
                if (!condition) throw new InvalidOperationException($"Seeded session {seeded.Id} (#{seeded.Index}) read back wrong: {what}.\n{s}");
            }
            Expect(SameShape(template, s, out var where), $"its JSON shape differs from a server-created session at {where}");
            Expect(s.GetProperty("id").GetString() == seeded.Id && s.GetProperty("checkout_session_id").GetString() == seeded.Id, "id");
            // Within a minute of expiring either status is right: it may have expired between reading and checking.
            if (Math.Abs((seeded.ExpiresAt - now).TotalSeconds) > 60)
                Expect(s.GetProperty("status").GetString() == (seeded.ExpiresAt > now ? "open" : "expired"), "status");
            Expect(s.GetProperty("payment_status").GetString() == "unpaid", "payment_status");
            Expect(s.GetProperty("created").GetInt64() == new DateTimeOffset(seeded.CreatedAt).ToUnixTimeSeconds(), "created");
            Expect(s.GetProperty("expires_at").GetInt64() == new DateTimeOffset(seeded.ExpiresAt).ToUnixTimeSeconds(), "expires_at");
            Expect(s.GetProperty("client_reference_id").GetString() == $"order_{seeded.Index}", "client_reference_id");
            Expect(s.GetProperty("metadata").GetProperty("order_id").GetString() == seeded.Index.ToString(), "metadata.order_id");
            foreach (var field in new[] { "amount_subtotal", "amount_total", "currency", "success_url", "cancel_url", "mode", "test_mode" })
                Expect(s.GetProperty(field).GetRawText() == template.GetProperty(field).GetRawText(), field);
            var lines = s.GetProperty("line_items").EnumerateArray().ToList();
            var templateLines = template.GetProperty("line_items").EnumerateArray().ToList();
            Expect(lines.Count == templateLines.Count, "line_items count");
            for (var i = 0; i < lines.Count; i++)
            {
                Expect(lines[i].GetProperty("price").GetRawText() == templateLines[i].GetProperty("price").GetRawText(), $"line_items[{i}].price");
                foreach (var field in new[] { "quantity", "description", "amount_total" })
                    Expect(lines[i].GetProperty(field).GetRawText() == templateLines[i].GetProperty(field).GetRawText(), $"line_items[{i}].{field}");
                Expect(lines[i].GetProperty("line_item_id").GetString() is { Length: 30 } lineId && lineId.StartsWith("fli_", StringComparison.Ordinal)
                       && lineId != templateLines[i].GetProperty("line_item_id").GetString(), $"line_items[{i}].line_item_id");
            }
        }

        var cursor = db.Seed.DeepCursors(1)[0];
        using var page = await Api.GetAsync(api, $"/v1/checkout/sessions?limit=10&starting_after={cursor}", ct);
        var ids = page.RootElement.GetProperty("checkout_sessions").EnumerateArray().Select(x => x.GetProperty("id").GetString()!).ToList();
        if (ids.Count != 10 || !page.RootElement.GetProperty("has_more").GetBoolean()
            || ids.Any(id => string.CompareOrdinal(id, cursor) >= 0) || !ids.SequenceEqual(ids.OrderDescending(StringComparer.Ordinal)))
            throw new InvalidOperationException($"The page after deep cursor {cursor} is wrong: {page.RootElement}");
        return picks.Count;
    }

    /// <summary>Same property names in the same order and the same value kinds, recursively.</summary>
    static bool SameShape(JsonElement a, JsonElement b, out string where, string path = "$")
    {
        where = path;
        if (a.ValueKind != b.ValueKind) return false;
        switch (a.ValueKind)
        {
            case JsonValueKind.Object:
                var left = a.EnumerateObject().ToList();
                var right = b.EnumerateObject().ToList();
                if (!left.Select(p => p.Name).SequenceEqual(right.Select(p => p.Name))) return false;
                // metadata keys are data, not shape
                if (path.EndsWith(".metadata", StringComparison.Ordinal)) return true;
                for (var i = 0; i < left.Count; i++)
                    if (!SameShape(left[i].Value, right[i].Value, out where, $"{path}.{left[i].Name}")) return false;
                return true;
            case JsonValueKind.Array:
                var x = a.EnumerateArray().ToList();
                var y = b.EnumerateArray().ToList();
                if (x.Count != y.Count) return false;
                for (var i = 0; i < x.Count; i++)
                    if (!SameShape(x[i], y[i], out where, $"{path}[{i}]")) return false;
                return true;
            default:
                return true;
        }
    }
}
