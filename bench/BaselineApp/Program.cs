using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OpenCheckout.Wire;
using OpenCheckout.Ids;

// The ceiling for LoadBench: the same host, Kestrel limits, logging levels, wire types and source-generated
// JSON as the server, and no database, no authentication, no idempotency layer. Started by LoadBench with
// --urls http://127.0.0.1:<port>; never meant to be deployed.
const long MaxBodyBytes = 1024 * 1024; // the server's default OpenCheckout:MaxRequestBodyBytes

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxBodyBytes);
var app = builder.Build();

var sessions = app.MapGroup("/v1/checkout/sessions");
sessions.MapGet("/{id}", (string id, HttpContext http) =>
    Results.Json(new CheckoutSessionEnvelope(Canned.Session(id, BaseUrl(http))), WireJson.Default.CheckoutSessionEnvelope));
sessions.MapGet("/", (HttpContext http) =>
{
    var limit = int.TryParse(http.Request.Query["limit"].FirstOrDefault(), out var l) && l is >= 1 and <= 100 ? l : 10;
    var baseUrl = BaseUrl(http);
    var now = DateTimeOffset.UtcNow;
    var page = new List<CheckoutSession>(limit);
    for (var i = 0; i < limit; i++) page.Add(Canned.Session(ObjectId.New(ObjectId.Session, now.AddMinutes(-i)), baseUrl));
    return Results.Json(new CheckoutSessionList(page, HasMore: true), WireJson.Default.CheckoutSessionList);
});
sessions.MapPost("/", (Delegate)Create); // a Delegate, so the returned IResult is written
app.MapGet("/health", () => Results.Ok(new { status = "ok" }));
app.Run();
return;

string BaseUrl(HttpContext http)
{
    // As the server's PublicUrls: the first listening address, resolved once.
    return Canned.BaseUrl ??= http.RequestServices.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
        .FirstOrDefault()?.TrimEnd('/') ?? "http://localhost:5000";
}

// What the server does before its database work: buffer the body, check its type, parse it, validate the fields it
// needs; then build and serialise the created session.
async Task<IResult> Create(HttpContext http)
{
    if (http.Request.ContentType?.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase) != true)
        return Canned.Error(415, "unsupported_content_type", "Send application/json.", null);
    byte[] body;
    while (true)
    {
        var read = await http.Request.BodyReader.ReadAsync(http.RequestAborted);
        if (read.Buffer.Length > MaxBodyBytes) return Canned.Error(413, "body_too_large", "The body is too large.", null);
        if (read.IsCompleted)
        {
            body = read.Buffer.ToArray();
            http.Request.BodyReader.AdvanceTo(read.Buffer.End);
            break;
        }
        http.Request.BodyReader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
    }

    JsonDocument document;
    try
    {
        document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
    }
    catch (JsonException e)
    {
        return Canned.Error(400, "malformed_json", e.Message, null);
    }
    using (document)
    {
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) return Canned.Error(400, "body_not_object", "The body must be a JSON object.", null);
        // The wrapped form Flex's WooCommerce plugin sends ({"checkout_session": {...}}), read as the server reads it.
        if (root.TryGetProperty("checkout_session", out var wrapped) && wrapped.ValueKind == JsonValueKind.Object)
        {
            if (root.GetPropertyCount() != 1) return Canned.Error(400, "parameter_unknown", "Received unknown parameter.", null);
            root = wrapped;
        }
        if (!root.TryGetProperty("success_url", out var success) || success.ValueKind != JsonValueKind.String
            || !Uri.TryCreate(success.GetString(), UriKind.Absolute, out var successUri) || successUri.Scheme is not ("http" or "https"))
            return Canned.Error(400, "url_invalid", "success_url must be an absolute http or https URL.", "success_url");
        string? cancelUrl = null;
        if (root.TryGetProperty("cancel_url", out var cancel) && cancel.ValueKind == JsonValueKind.String) cancelUrl = cancel.GetString();
        if (!root.TryGetProperty("line_items", out var items) || items.ValueKind != JsonValueKind.Array
            || items.GetArrayLength() is < 1 or > 100)
            return Canned.Error(400, "parameter_missing", "line_items must hold 1 to 100 items.", "line_items");

        var now = DateTimeOffset.UtcNow;
        var lines = new List<LineItem>(items.GetArrayLength());
        var index = 0;
        foreach (var item in items.EnumerateArray())
        {
            var priceId = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("price_id", out var p) && p.ValueKind == JsonValueKind.String
                ? p.GetString()
                : item.ValueKind == JsonValueKind.Object && item.TryGetProperty("price", out var q) && q.ValueKind == JsonValueKind.String ? q.GetString() : null;
            if (priceId is null) return Canned.Error(400, "parameter_missing", "Missing required param: price.", $"line_items[{index}][price]");
            if (!item.TryGetProperty("quantity", out var qty) || !qty.TryGetInt64(out var quantity) || quantity is < 1 or > 999_999)
                return Canned.Error(400, "parameter_invalid_integer", "quantity must be from 1 to 999999.", $"line_items[{index}][quantity]");
            lines.Add(Canned.Line(ObjectId.New(ObjectId.LineItem, now), priceId, quantity));
            index++;
        }
        string? clientReferenceId = null;
        if (root.TryGetProperty("client_reference_id", out var reference) && reference.ValueKind == JsonValueKind.String)
            clientReferenceId = reference.GetString();
        SessionDefaults? defaults = null;
        if (root.TryGetProperty("defaults", out var given) && given.ValueKind == JsonValueKind.Object)
        {
            string? Field(string name) => given.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            defaults = new SessionDefaults(Field("email"), Field("first_name"), Field("last_name"), Field("phone"));
        }
        var id = ObjectId.New(ObjectId.Session, now);
        var url = $"{BaseUrl(http)}/pay/c/{id}";
        var total = lines.Sum(l => l.AmountTotal);
        var session = Canned.Template with
        {
            Id = id, CheckoutSessionId = id, AmountSubtotal = total, AmountTotal = total, LineItems = lines,
            SuccessUrl = success.GetString()!, CancelUrl = cancelUrl, ClientReferenceId = clientReferenceId, Metadata = Canned.NoMetadata,
            Defaults = defaults,
            Url = url, RedirectUrl = url, Created = now.ToUnixTimeSeconds(), CreatedAt = now.ToUnixTimeSeconds(),
            ExpiresAt = now.AddDays(1).ToUnixTimeSeconds(),
        };
        return Results.Json(new CheckoutSessionEnvelope(session), WireJson.Default.CheckoutSessionEnvelope);
    }
}

/// <summary>A session shaped like one the bench seeds in the server (two line items, a client reference, one
/// metadata pair), so GET answers are the same size as the server's.</summary>
static class Canned
{
    public static string? BaseUrl;
    public static readonly IReadOnlyDictionary<string, string> NoMetadata = new Dictionary<string, string>();
    static readonly IReadOnlyDictionary<string, string> OrderMetadata = new Dictionary<string, string> { ["order_id"] = "1" };
    static readonly DateTimeOffset PriceCreated = DateTimeOffset.UtcNow.AddDays(-30);

    public static readonly CheckoutSession Template = new(
        Id: "", CheckoutSessionId: "", Object: "checkout.session", Status: "open", PaymentStatus: "unpaid", Mode: "payment",
        AmountSubtotal: 4500, AmountTotal: 4500, Currency: "usd", TotalDetails: new TotalDetails(0, 0, 0),
        LineItems:
        [
            Line(ObjectId.New(ObjectId.LineItem, PriceCreated), ObjectId.New(ObjectId.Price, PriceCreated), 1),
            Line(ObjectId.New(ObjectId.LineItem, PriceCreated), ObjectId.New(ObjectId.Price, PriceCreated), 2),
        ],
        CustomerDetails: null, Customer: null, Defaults: null, PaymentIntent: null, AmountRefunded: 0, Refunds: [],
        ClientReferenceId: "order_1", Metadata: OrderMetadata,
        SuccessUrl: "https://shop.example/success?session_id={CHECKOUT_SESSION_ID}", CancelUrl: "https://shop.example/cancel",
        Url: "", RedirectUrl: "", Created: 0, CreatedAt: 0, ExpiresAt: 0, TestMode: true);

    static readonly string ProductId = ObjectId.New(ObjectId.Product, PriceCreated);

    public static LineItem Line(string lineItemId, string priceId, long quantity) => new(
        lineItemId,
        new Price(priceId, ProductId, 1500, "usd", null, true, "one_time", NoMetadata, PriceCreated.ToUnixTimeSeconds(), true),
        quantity, "Bench product", 1500 * quantity, 1500 * quantity, "usd");

    public static CheckoutSession Session(string id, string baseUrl)
    {
        var now = DateTimeOffset.UtcNow;
        var url = $"{baseUrl}/pay/c/{id}";
        return Template with
        {
            Id = id, CheckoutSessionId = id, Url = url, RedirectUrl = url,
            Created = now.ToUnixTimeSeconds(), CreatedAt = now.ToUnixTimeSeconds(), ExpiresAt = now.AddDays(1).ToUnixTimeSeconds(),
        };
    }

    public static IResult Error(int status, string code, string message, string? param) => Results.Json(
        new ErrorBody(new ErrorInfo("invalid_request_error", code, message, param), [new ErrorDetail(["body", param ?? ""], message, code)]),
        WireJson.Default.ErrorBody, statusCode: status);
}
