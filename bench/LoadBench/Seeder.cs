using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using OpenCheckout.Ids;

namespace OpenCheckout.Bench;

/// <summary>The catalog the bench sells from, created through the API: a T-shirt at 20.00 and a mug at 12.50 USD.</summary>
sealed record Catalog(string TShirtPrice, string MugPrice)
{
    /// <summary>The "Using Redirects Instead of Webhooks" guide's body with two line items.</summary>
    public string CreateSessionBody(string? clientReferenceId = null, string? orderId = null)
    {
        var extra = clientReferenceId is null ? "" : $$""","client_reference_id":"{{clientReferenceId}}","metadata":{"order_id":"{{orderId}}"}""";
        return $$"""{"success_url":"https://shop.example/success?session_id={CHECKOUT_SESSION_ID}","cancel_url":"https://shop.example/cancel","line_items":[{"price_id":"{{TShirtPrice}}","quantity":1},{"price_id":"{{MugPrice}}","quantity":2}],"mode":"payment"{{extra}}}""";
    }

    /// <summary>The success URL Flex's WooCommerce plugin sends for order <paramref name="order"/> (its REST route and nonce).</summary>
    public static string PluginSuccessUrl(string order) => $"https://shop.example/wp-json/wc-flex/v1/orders/{order}/complete?_wpnonce=abc123";

    /// <summary>The body Flex's WooCommerce plugin sends to create a session: wrapped in "checkout_session", the price by
    /// "price", empty-string defaults, the order number as client_reference_id (the shape WooCommercePluginWireTests
    /// replays). <paramref name="order"/> is a placeholder the wrk script fills per request.</summary>
    public string PluginSessionBody(string order) =>
        $$$"""{"checkout_session":{"defaults":{"email":"","first_name":"","last_name":"","phone":""},"success_url":"{{{PluginSuccessUrl(order)}}}","line_items":[{"quantity":1,"price":"{{{TShirtPrice}}}"}],"client_reference_id":"{{{order}}}","mode":"payment","cancel_url":"https://shop.example/checkout/"}}""";

    public static async Task<Catalog> CreateAsync(HttpClient api, CancellationToken ct) =>
        new(await PriceAsync(api, "Bench T-shirt", 2000, ct), await PriceAsync(api, "Bench mug", 1250, ct));

    static async Task<string> PriceAsync(HttpClient api, string name, long amount, CancellationToken ct)
    {
        using var product = await Api.PostAsync(api, "/v1/products", $$"""{"name":"{{name}}"}""", ct);
        var productId = product.RootElement.GetProperty("product").GetProperty("product_id").GetString();
        using var price = await Api.PostAsync(api, "/v1/prices", $$"""{"product":"{{productId}}","unit_amount":{{amount}},"currency":"usd"}""", ct);
        return price.RootElement.GetProperty("price").GetProperty("price_id").GetString()!;
    }
}

static class Api
{
    public static HttpClient Client(Uri baseAddress, string? apiKey)
    {
        var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, ConnectTimeout = TimeSpan.FromSeconds(10) })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        if (apiKey is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return http;
    }

    public static async Task<JsonDocument> PostAsync(HttpClient api, string path, string json, CancellationToken ct, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await api.SendAsync(request, ct);
        return await ExpectOkAsync(response, $"POST {path}", ct);
    }

    public static async Task<JsonDocument> GetAsync(HttpClient api, string path, CancellationToken ct)
    {
        using var response = await api.GetAsync(path, ct);
        return await ExpectOkAsync(response, $"GET {path}", ct);
    }

    static async Task<JsonDocument> ExpectOkAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"{what} answered {(int)response.StatusCode}, expected 200: {(body.Length > 500 ? body[..500] : body)}");
        return JsonDocument.Parse(body);
    }
}

/// <summary>A seeded session the bench keeps: for GET paths, cursors, and checks. Index 0 is the oldest.</summary>
sealed record SeededSession(int Index, string Id, DateTime CreatedAt, DateTime ExpiresAt);

sealed record SeedResult(int Rows, double Seconds, IReadOnlyList<SeededSession> Sample, IReadOnlyList<string> ColumnsCopiedUnknown)
{
    public double RowsPerSecond => Rows / Math.Max(Seconds, 1e-9);

    /// <summary>Sessions 85–95% of the way down the newest-first list: a page after one of them is deep in the data.</summary>
    public IReadOnlyList<string> DeepCursors(int count = 200)
    {
        var deep = Sample.Where(s => s.Index >= Rows / 20 && s.Index <= Rows * 3 / 20).ToList();
        var step = Math.Max(1, deep.Count / count);
        return deep.Where((_, i) => i % step == 0).Take(count).Select(s => s.Id).ToList();
    }
}

/// <summary>Fills the server's database with checkout sessions fast: rows written straight into CheckoutSessions with
/// Microsoft.Data.Sqlite, in large transactions, in the exact formats EF Core writes. The database must have been
/// migrated by the server, and hold a template session the server created through the API with the bench catalog.
///
/// Formats (read from the migrations and CheckoutDb's conversions): DateTime is TEXT "yyyy-MM-dd HH:mm:ss.FFFFFFF"
/// (EF Core SQLite; UTC by convention); bool is INTEGER 0/1; LineItems, Metadata, Defaults and RefundIds are JSON TEXT
/// written by System.Text.Json with JsonSerializerDefaults.Web (camelCase properties; DateTimes read back from SQLite
/// have Kind Unspecified, so a line's priceCreatedAt carries no "Z"). The seeder writes Id, Status, CreatedAt,
/// ExpiresAt, ClientReferenceId and Metadata per row; LineItems is the template's JSON with fresh line-item ids (a
/// snapshot of the same prices is otherwise byte-identical); the other columns are the template's values, which are
/// checked below to be what a new unpaid session holds. Seeded sessions are open or, once past expires_at, expired,
/// as the sweeper would leave them (without its events); none is paid, so no payment intents are seeded.</summary>
static partial class Seeder
{
    public const string DateTimeFormat = "yyyy-MM-dd HH:mm:ss.FFFFFFF";
    public static readonly TimeSpan Window = TimeSpan.FromDays(30);
    const int BatchRows = 50_000;
    const int SampleSize = 10_000;

    static readonly JsonSerializerOptions JsonColumnOptions = new(JsonSerializerDefaults.Web); // as the server's JsonColumn

    static readonly string[] Varying = ["Id", "Status", "LineItems", "ClientReferenceId", "Metadata", "CreatedAt", "ExpiresAt"];

    /// <summary>Columns every seeded session shares with the template, and what a new unpaid session holds there
    /// (null: any value; they are the merchant's, the amounts, the URLs).</summary>
    static readonly Dictionary<string, object?> FromTemplate = new()
    {
        ["AccountId"] = null, ["TestMode"] = 1L, ["PaymentStatus"] = "unpaid", ["Mode"] = "payment", ["Currency"] = "usd",
        ["AmountSubtotal"] = null, ["AmountTotal"] = null, ["AmountDiscount"] = 0L, ["AmountTax"] = 0L, ["AmountShipping"] = 0L,
        ["SuccessUrl"] = null, ["CancelUrl"] = null, ["Defaults"] = DBNull.Value, ["CustomerEmail"] = DBNull.Value,
        ["CustomerName"] = DBNull.Value, ["CustomerId"] = DBNull.Value, ["PaymentIntentId"] = DBNull.Value,
        ["CompletedAt"] = DBNull.Value, ["AmountRefunded"] = 0L, ["RefundIds"] = "[]",
    };

    public static string TemplateOrderId => "template";

    /// <summary>Writes <paramref name="sessions"/> sessions created evenly over the 30 days before <paramref name="now"/>,
    /// oldest first (ids are ULIDs of the creation time, so insertion follows id order as in production).</summary>
    public static SeedResult Seed(string databasePath, string templateId, int sessions, DateTime now, Action<string> log, CancellationToken ct)
    {
        using var connection = Open(databasePath);
        Exec(connection, "PRAGMA synchronous=OFF; PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY;"); // setup, not measured
        if (Scalar(connection, "PRAGMA journal_mode") as string != "wal")
            throw new InvalidOperationException("The database is not in WAL mode: it was not created by the server.");

        var columns = Columns(connection);
        var template = Row(connection, templateId) ?? throw new InvalidOperationException($"Template session {templateId} is not in the database.");
        CheckTemplate(template);
        var unknown = columns.Where(c => !Varying.Contains(c) && !FromTemplate.ContainsKey(c)).ToList();
        var missing = Varying.Concat(FromTemplate.Keys).Where(c => !columns.Contains(c)).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException($"CheckoutSessions has no column {string.Join(", ", missing)}: the schema changed; update the seeder.");
        if (unknown.Count > 0)
            log($"  Warning: CheckoutSessions has columns the seeder does not know ({string.Join(", ", unknown)}); they get the template's " +
                "values. The API checks below show whether that is right.");

        var templateCreated = ParseDateTime((string)template["CreatedAt"]!);
        var lifetime = ParseDateTime((string)template["ExpiresAt"]!) - templateCreated;
        var templateLines = (string)template["LineItems"]!;
        var templateLineIds = LineItemIdPattern().Matches(templateLines).Select(m => m.Groups[1].Value).ToArray();
        if (templateLineIds.Length != 2) throw new InvalidOperationException($"The template session has {templateLineIds.Length} line items, not 2.");

        using var insert = connection.CreateCommand();
        insert.CommandText = $"INSERT INTO CheckoutSessions ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) " +
                             $"VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
        var parameters = columns.Select((column, i) =>
        {
            var parameter = insert.Parameters.Add(new SqliteParameter($"$p{i}", Varying.Contains(column) ? DBNull.Value : template[column] ?? DBNull.Value));
            return (column, parameter);
        }).ToDictionary(p => p.column, p => p.parameter);
        var id = parameters["Id"];
        var status = parameters["Status"];
        var lineItems = parameters["LineItems"];
        var reference = parameters["ClientReferenceId"];
        var metadata = parameters["Metadata"];
        var created = parameters["CreatedAt"];
        var expires = parameters["ExpiresAt"];

        var first = now - Window;
        var step = (Window - TimeSpan.FromMinutes(1)).Ticks / Math.Max(1, sessions);
        var sampleEvery = Math.Max(1, sessions / SampleSize);
        var sample = new List<SeededSession>(Math.Min(sessions, SampleSize) + 2);
        var clock = Stopwatch.StartNew();
        SqliteTransaction? transaction = null;
        try
        {
            for (var i = 0; i < sessions; i++)
            {
                if (i % BatchRows == 0)
                {
                    ct.ThrowIfCancellationRequested();
                    transaction?.Commit();
                    transaction?.Dispose();
                    transaction = connection.BeginTransaction();
                    insert.Transaction = transaction;
                }
                var createdAt = new DateTime(first.Ticks + step * i, DateTimeKind.Utc);
                var expiresAt = createdAt + lifetime;
                var createdOffset = new DateTimeOffset(createdAt);
                var sessionId = ObjectId.New(ObjectId.Session, createdOffset);
                id.Value = sessionId;
                status.Value = expiresAt <= now ? "expired" : "open";
                lineItems.Value = templateLines
                    .Replace(templateLineIds[0], ObjectId.New(ObjectId.LineItem, createdOffset), StringComparison.Ordinal)
                    .Replace(templateLineIds[1], ObjectId.New(ObjectId.LineItem, createdOffset), StringComparison.Ordinal);
                var orderId = i.ToString(CultureInfo.InvariantCulture);
                reference.Value = "order_" + orderId;
                metadata.Value = MetadataJson(orderId);
                created.Value = FormatDateTime(createdAt);
                expires.Value = FormatDateTime(expiresAt);
                insert.ExecuteNonQuery();
                if (i % sampleEvery == 0 || i == sessions - 1) sample.Add(new SeededSession(i, sessionId, createdAt, expiresAt));
            }
            transaction?.Commit();
        }
        finally
        {
            transaction?.Dispose();
        }
        Exec(connection, "PRAGMA synchronous=FULL; PRAGMA wal_checkpoint(TRUNCATE);");
        var seconds = clock.Elapsed.TotalSeconds;
        CheckSeededRow(connection, template, sample[0].Id);
        return new SeedResult(sessions, seconds, sample, unknown);
    }

    public static string FormatDateTime(DateTime value) => value.ToString(DateTimeFormat, CultureInfo.InvariantCulture);

    public static DateTime ParseUtc(string text) => ParseDateTime(text);

    static DateTime ParseDateTime(string text) =>
        DateTime.SpecifyKind(DateTime.ParseExact(text, DateTimeFormat, CultureInfo.InvariantCulture), DateTimeKind.Utc);

    static string MetadataJson(string orderId) => JsonSerializer.Serialize(new Dictionary<string, string> { ["order_id"] = orderId }, JsonColumnOptions);

    /// <summary>The template is a session the server wrote: its values are the formats to match.</summary>
    static void CheckTemplate(Dictionary<string, object?> template)
    {
        foreach (var (column, expected) in FromTemplate)
            if (expected is not null && !Equals(template[column] ?? DBNull.Value, expected))
                throw new InvalidOperationException($"The template session's {column} is {Show(template[column])}, expected {Show(expected)}: " +
                                                    "the server's column format changed; update the seeder.");
        foreach (var column in new[] { "CreatedAt", "ExpiresAt" })
            if (template[column] is not string text || FormatDateTime(ParseDateTime(text)) != text)
                throw new InvalidOperationException($"The template session's {column} ({Show(template[column])}) is not in the format {DateTimeFormat}.");
        if ((string?)template["Metadata"] != MetadataJson(TemplateOrderId))
            throw new InvalidOperationException($"The template session's Metadata is {Show(template["Metadata"])}, not {MetadataJson(TemplateOrderId)}.");
        if ((string?)template["Status"] != "open") throw new InvalidOperationException("The template session is not open.");
    }

    /// <summary>A seeded row against the template: the same storage class in every column, the same DateTime text
    /// format, and LineItems identical apart from the line-item ids.</summary>
    static void CheckSeededRow(SqliteConnection connection, Dictionary<string, object?> template, string seededId)
    {
        var seeded = Row(connection, seededId) ?? throw new InvalidOperationException($"Seeded session {seededId} was not written.");
        foreach (var column in template.Keys)
            if ((template[column] ?? DBNull.Value).GetType() != (seeded[column] ?? DBNull.Value).GetType())
                throw new InvalidOperationException($"Seeded {column} is {Show(seeded[column])}, the server wrote {Show(template[column])}.");
        foreach (var column in new[] { "CreatedAt", "ExpiresAt" })
            if (!DateTimeTextPattern().IsMatch((string)seeded[column]!))
                throw new InvalidOperationException($"Seeded {column} {Show(seeded[column])} is not in the format {DateTimeFormat}.");
        string Normalized(object? lines) => LineItemIdPattern().Replace((string)lines!, "\"lineItemId\":\"fli_\"");
        if (Normalized(seeded["LineItems"]) != Normalized(template["LineItems"]))
            throw new InvalidOperationException("Seeded LineItems differ from the server's beyond the line-item ids.");
    }

    public static SqliteConnection Open(string databasePath)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false, Mode = SqliteOpenMode.ReadWrite }.ToString());
        connection.Open();
        Exec(connection, "PRAGMA busy_timeout=30000;");
        return connection;
    }

    public static long CountSessions(string databasePath)
    {
        using var connection = Open(databasePath);
        return (long)Scalar(connection, "SELECT COUNT(*) FROM CheckoutSessions")!;
    }

    static List<string> Columns(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM pragma_table_info('CheckoutSessions') ORDER BY cid";
        using var reader = command.ExecuteReader();
        var columns = new List<string>();
        while (reader.Read()) columns.Add(reader.GetString(0));
        if (columns.Count == 0) throw new InvalidOperationException("The database has no CheckoutSessions table: the server has not migrated it.");
        return columns;
    }

    static Dictionary<string, object?>? Row(SqliteConnection connection, string id)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM CheckoutSessions WHERE Id = $id";
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        if (!reader.Read()) return null;
        var row = new Dictionary<string, object?>();
        for (var i = 0; i < reader.FieldCount; i++) row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
        return row;
    }

    static void Exec(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    static string Show(object? value) => value is null or DBNull ? "NULL" : $"{value} ({value.GetType().Name})";

    [GeneratedRegex("\"lineItemId\":\"(fli_[0-9A-Z]{26})\"")]
    private static partial Regex LineItemIdPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,7})?$")]
    private static partial Regex DateTimeTextPattern();
}
