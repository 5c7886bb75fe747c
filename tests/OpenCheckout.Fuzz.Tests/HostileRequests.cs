using System.Text;
using CsCheck;

namespace OpenCheckout.Fuzz.Tests;

/// <summary>One request as an attacker or a broken client might send it. <see cref="Path"/> may hold placeholders
/// (<c>{session}</c>...) that the runner fills with real ids; <see cref="Form"/> is set for the hosted page's form posts.</summary>
public sealed record HostileRequest(string Method, string Path, string Auth, string? ContentType, byte[]? Body,
    string? IdempotencyKey, IReadOnlyList<KeyValuePair<string, string>>? Form = null, bool WithPageToken = false)
{
    public override string ToString()
    {
        var body = Body is null ? "" : Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, 600)) + (Body.Length > 600 ? $"… ({Body.Length} bytes)" : "");
        var form = Form is null ? "" : string.Join('&', Form.Select(f => $"{f.Key}={f.Value}"));
        return $"{Method} {Path} auth={Auth} type={ContentType} key={IdempotencyKey} token={WithPageToken} {body}{form}";
    }
}

/// <summary>The generators (CsCheck): every endpoint, each with its own field names, filled with plausible or hostile
/// values, wrapped or flat, with unknown and repeated fields, wrong methods, bad keys and content types, and bodies that
/// are not JSON, not UTF-8, deeply nested or a megabyte long.</summary>
public static class HostileRequests
{
    public const string Placeholders = "{session}{price}{product}{payment_intent}{customer}{refund}{dispute}{coupon}{shipping_rate}{webhook}{event}";

    /// <summary>Method, path and the fields its body is read for (empty: no body is expected).</summary>
    static readonly (string Method, string Path, string Wrapper, string[] Fields)[] Endpoints =
    [
        ("POST", "/v1/products", "product", ["name", "description", "active", "metadata", "url", "gtin", "upc_code", "reference_gtin", "client_reference_id", "image_urls", "categories", "hsa_fsa_eligibility"]),
        ("PATCH", "/v1/products/{product}", "product", ["name", "description", "active", "metadata", "url", "image_urls"]),
        ("POST", "/v1/products/{product}", "product", ["name", "description", "active", "metadata"]),
        ("POST", "/v1/prices", "price", ["product", "unit_amount", "currency", "description", "active", "metadata"]),
        ("POST", "/v1/prices/{price}", "price", ["description", "active", "metadata", "unit_amount", "product"]),
        ("POST", "/v1/checkout/sessions", "checkout_session", ["line_items", "success_url", "cancel_url", "mode", "client_reference_id", "metadata", "defaults", "customer_email", "expires_at", "tax_rate", "shipping_options", "shipping_address_collection", "fees", "discounts", "allow_promotion_codes", "capture_method"]),
        ("POST", "/v1/checkout/sessions/{session}/expire", "checkout_session", []),
        ("POST", "/v1/checkout/sessions/{session}/capture", "checkout_session", ["amount_to_capture", "capture_metadata"]),
        ("POST", "/v1/checkout/sessions/{session}/cancel", "checkout_session", []),
        ("POST", "/v1/checkout/sessions/{session}/refund", "checkout_session", ["line_items", "refund_metadata", "amount"]),
        ("POST", "/v1/test_helpers/checkout/sessions/{session}/pay", "checkout_session", ["card_number", "exp", "cvc", "email", "name", "shipping_rate", "shipping_address"]),
        ("POST", "/v1/refunds", "refund", ["payment_intent", "amount", "reason", "metadata", "checkout_session"]),
        ("PATCH", "/v1/refunds/{refund}", "refund", ["metadata", "reason"]),
        ("POST", "/v1/disputes/{dispute}", "dispute", ["evidence", "submit", "metadata"]),
        ("POST", "/v1/disputes/{dispute}/close", "dispute", []),
        ("POST", "/v1/coupons", "coupon", ["name", "amount_off", "percent_off", "currency", "applies_to", "duration", "duration_in_months", "max_redemptions", "metadata"]),
        ("POST", "/v1/shipping_rates", "shipping_rate", ["display_name", "amount", "fixed_amount", "currency", "type", "metadata"]),
        ("POST", "/v1/webhooks", "webhook", ["url", "events", "description", "status"]),
        ("POST", "/v1/webhooks/{webhook}", "webhook", ["url", "events", "description", "status"]),
        ("DELETE", "/v1/webhooks/{webhook}", "webhook", []),
        ("POST", "/v1/webhooks/{webhook}/rotate_secret", "webhook", []),
        ("POST", "/v1/events/{event}/retry", "event", []),
    ];

    static readonly string[] Reads =
    [
        "/v1/checkout/sessions", "/v1/checkout/sessions/{session}", "/v1/checkout/sessions/{session}/line_items", "/v1/products",
        "/v1/products/{product}", "/v1/prices", "/v1/prices/{price}", "/v1/payment_intents", "/v1/payment_intents/{payment_intent}",
        "/v1/customers", "/v1/customers/{customer}", "/v1/refunds", "/v1/refunds/{refund}", "/v1/disputes", "/v1/disputes/{dispute}",
        "/v1/coupons", "/v1/coupons/{coupon}", "/v1/shipping_rates", "/v1/shipping_rates/{shipping_rate}", "/v1/webhooks",
        "/v1/webhooks/{webhook}", "/v1/webhooks/{webhook}/deliveries", "/v1/events", "/v1/events/{event}", "/v1/captures", "/v1/nothing/here",
    ];

    static readonly string[] QueryNames =
    [
        "limit", "starting_after", "ending_before", "offset", "status", "created[gte]", "created[lte]", "type", "product", "active",
        "payment_intent", "checkout_session", "email", "client_reference_id", "event_id", "created", "limit[]",
    ];

    // Mostly a good key, so that most requests get past authentication to the code that reads them.
    static readonly string[] Auths =
        ["test", "test", "test", "test", "test", "test", "test", "test", "test", "live", "live", "other", "none", "malformed", "revoked-looking", "basic", "basic-garbage"];

    static readonly string[] ContentTypes =
        ["application/json", "application/json", "application/json", "application/json", "application/json", "application/json", "application/json",
         "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded",
         "application/merge-patch+json", "multipart/form-data; boundary=x", "application/json; charset=latin1"];

    static readonly string[] WrongMethods = ["PUT", "DELETE", "PATCH", "TRACE", "OPTIONS", "HEAD", "GET", "POST"];

    // Text that breaks naive code: control characters, bidi marks, surrogate pairs, non-ASCII digits, markup, path tricks.
    static readonly Gen<char> NastyChar = Gen.OneOf(
        Gen.Char['\u0000', '\u001f'], Gen.Char[' ', '~'], Gen.Char['\u0080', '\u00ff'], Gen.Char["١٢٣٤٥６７８９０\u202e\u200b\ufeff\uffff\u2028<>\"'\\/%&?#{}"],
        Gen.Char['\u4e00', '\u9fff']);

    static readonly Gen<string> Text = Gen.Frequency(
        (6, Gen.String[Gen.Char[' ', '~'], 0, 40]),
        (3, Gen.String[NastyChar, 0, 60]),
        (1, Gen.Int[1, 12_000].Select(n => new string('x', n))),
        (1, Gen.Int[1, 3_000].Select(n => string.Concat(Enumerable.Repeat("語", n)))),
        (1, Pick("", " ", "null", "0", "-1", "1e999", "NaN", "{CHECKOUT_SESSION_ID}", "../../etc/passwd", "%00", "%2F..%2F", "\r\nX-Injected: 1")));

    /// <summary>A URL as merchants (and attackers) write them.</summary>
    static readonly Gen<string> Url = Gen.OneOf(
        Pick("https://shop.example/ok?id={CHECKOUT_SESSION_ID}", "http://127.0.0.1:9/hooks", "http://169.254.169.254/latest/", "javascript:alert(1)",
            "https://bücher.example/ä ö", "https://shop.example/ok\r\nSet-Cookie: x=1", "ftp://shop.example/", "//shop.example/x", "https://[::1]/x",
            "http://[64:ff9b::7f00:1]/x", "https://localhost./x", "https://shop.example/" + new string('a', 3000)),
        Text.Select(t => "https://shop.example/" + t));

    /// <summary>JSON text of any shape, <paramref name="depth"/> levels deep at most.</summary>
    static Gen<string> Json(int depth)
    {
        var scalar = Gen.Frequency(
            (3, Text.Select(Quote)),
            (2, Gen.Long.Select(n => n.ToString())),
            (1, Pick("0", "-0", "1.5", "1e400", "-1e400", "9223372036854775808", "-9223372036854775809", "999999999999999999999999",
                "0.000000000000000000001", "true", "false", "null", "\"\\ud800\"", "\"\\udc00x\"", "\"a\\u0000b\"", "\"\\uD83D\\uDE00\"")),
            (1, Gen.Int[0, 10_000_000].Select(n => n.ToString())));
        if (depth <= 0) return scalar;
        var inner = Json(depth - 1);
        return Gen.Frequency(
            (6, scalar),
            (1, inner.Array[0, 4].Select(items => "[" + string.Join(",", items) + "]")),
            (1, Gen.Select(Gen.OneOf(Text, Pick(Placeholders.Split('}', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Trim('{')).ToArray())).Array[0, 4],
                inner.Array[4, 4], (names, values) => "{" + string.Join(",", names.Select((n, i) => Quote(n) + ":" + values[i])) + "}")));
    }

    static readonly Gen<string> AnyJson = Json(3);

    /// <summary>A value for a field, chosen by what the field usually holds, or anything at all.</summary>
    static Gen<string> ValueFor(string field) => Gen.Frequency(
        (3, Plausible(field)),
        (2, AnyJson),
        (1, Gen.Int[20, 60].Select(depth => new string('[', depth) + new string(']', depth))));

    static Gen<string> Plausible(string field) => field switch
    {
        "line_items" => Gen.Select(Pick("{price}", "fprice_nope", "", "{product}"), Gen.Long[-2, 1_000_000], Gen.Bool,
            (price, quantity, asId) => $"[{{\"{(asId ? "price_id" : "price")}\":\"{price}\",\"quantity\":{quantity}}}]"),
        "success_url" or "cancel_url" or "url" => Url.Select(Quote),
        "metadata" or "refund_metadata" or "capture_metadata" => Gen.Select(Text.Array[0, 3], Text.Array[3, 3],
            (keys, values) => "{" + string.Join(",", keys.Select((k, i) => Quote(k) + ":" + Quote(values[i]))) + "}"),
        "unit_amount" or "amount" or "amount_off" or "amount_to_capture" or "max_redemptions" or "expires_at" or "duration_in_months" =>
            Gen.OneOf(Gen.Long.Select(n => n.ToString()), Pick("0", "1", "999999999999", "1000000000000", "1.5", "\"100\"", "-1")),
        "percent_off" => Pick("12.5", "100", "100.01", "0", "0.001", "1e2", "\"10\""),
        "currency" => Pick("\"usd\"", "\"USD\"", "\"jpy\"", "\"kwd\"", "\"xxx\"", "\"\"", "1"),
        "product" or "payment_intent" or "checkout_session" or "shipping_rate" => Pick("\"{product}\"", "\"{payment_intent}\"", "\"{session}\"", "\"{shipping_rate}\"", "\"nope\"", "null"),
        "events" => Pick("[\"*\"]", "[\"checkout.session.completed\"]", "[]", "[\"nope\"]", "\"*\"", "[1]"),
        "card_number" => Pick("\"4242424242424242\"", "\"4000000000000002\"", "\"4000000000000259\"", "\"١٢٣٤\"", "\"4242 4242 4242 4243\"", "\"\""),
        "exp" => Pick("\"12/34\"", "\"１２/３４\"", "\"١٢/٣٤\"", "\"13/99\"", "\"00/00\"", "\"12/\"", "\"99999999999999999999/1\""),
        "shipping_options" => Pick("[{\"shipping_rate_id\":\"{shipping_rate}\"}]", "{\"shipping_rate_data\":{\"display_name\":\"Post\",\"amount\":500}}",
            "[{\"shipping_rate_data\":{\"display_name\":\"\",\"amount\":-1}}]", "[]"),
        "discounts" => Pick("[{\"coupon_id\":\"{coupon}\"}]", "[{\"coupon_data\":{\"amount_off\":100}}]", "[{\"coupon_data\":{\"percent_off\":150}}]", "[{\"promotion_code\":\"X\"}]"),
        "fees" => Pick("[{\"amount\":100,\"name\":\"Fee\"}]", "[{\"amount\":-5}]", "[{\"amount\":999999999999999}]"),
        "tax_rate" => Pick("{\"amount\":100}", "{\"amount\":-1}", "[]", "5"),
        "active" or "allow_promotion_codes" or "shipping_address_collection" => Pick("true", "false", "\"true\"", "1", "null", "{\"allowed_countries\":[\"US\",\"??\"]}"),
        _ => Text.Select(Quote),
    };

    /// <summary>A JSON object body for <paramref name="fields"/>: a few of them (some perhaps twice), perhaps unknown ones,
    /// perhaps wrapped (<c>{"product": {...}}</c>).</summary>
    static Gen<string> ObjectBody(string wrapper, string[] fields)
    {
        var members = fields.Length == 0
            ? Gen.Const(Array.Empty<string>())
            : Gen.Int[0, fields.Length - 1].SelectMany(i => ValueFor(fields[i]).Select(v => Quote(fields[i]) + ":" + v)).Array[0, 6];
        var unknown = Gen.Frequency((6, Gen.Const(Array.Empty<string>())), (1, Gen.Select(Text, AnyJson, (n, v) => Quote(n) + ":" + v).Array[1, 2]));
        return Gen.Select(members, unknown, Gen.Frequency((4, Gen.Const(false)), (1, Gen.Const(true))), (known, extra, wrap) =>
        {
            var inner = "{" + string.Join(",", known.Concat(extra)) + "}";
            return wrap ? "{" + Quote(wrapper) + ":" + inner + "}" : inner;
        });
    }

    /// <summary>The body as bytes: usually the object, sometimes something that is not one at all.</summary>
    static Gen<byte[]?> Body(string wrapper, string[] fields) => Gen.Frequency(
        (20, ObjectBody(wrapper, fields).Select(s => (byte[]?)Encoding.UTF8.GetBytes(s))),
        (2, Gen.Const((byte[]?)null)),
        (1, AnyJson.Select(s => (byte[]?)Encoding.UTF8.GetBytes(s))),
        (1, Gen.Byte.Array[1, 200].Select(b => (byte[]?)b)), // not UTF-8, not JSON
        (1, ObjectBody(wrapper, fields).Select(s => (byte[]?)[0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(s)])), // a BOM
        (1, ObjectBody(wrapper, fields).Select(s => (byte[]?)Encoding.UTF8.GetBytes(s)[..^1])), // cut short
        (1, Pick(
            (byte[]?)Encoding.UTF8.GetBytes("{\"name\":\"" + new string('a', 1_100_000) + "\"}"), // past the 1 MiB body limit
            Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000)),
            [(byte)'{', (byte)'"', (byte)'n', (byte)'a', (byte)'m', (byte)'e', (byte)'"', (byte)':', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}'],
            Encoding.UTF8.GetBytes("{\"name\":\"a\",\"name\":\"b\",\"name\":{\"x\":1}}"))));

    static Gen<string?> IdempotencyKey => Gen.Frequency(
        (6, Gen.Const((string?)null)),
        (2, Gen.String[Gen.Char['!', '~'], 1, 40].Select(s => (string?)s)),
        (1, Pick((string?)"", new string('k', 300), "same-key", "same-key")));

    static Gen<HostileRequest> ApiWrite =>
        Gen.Int[0, Endpoints.Length - 1].SelectMany(i =>
        {
            var (method, path, wrapper, fields) = Endpoints[i];
            return Gen.Select(
                Gen.Frequency((12, Gen.Const(method)), (1, Pick(WrongMethods))),
                Pick(Auths), Gen.Frequency((10, Pick(ContentTypes)), (1, Gen.Const((string?)null))),
                Body(wrapper, fields), IdempotencyKey,
                (m, auth, type, body, key) => new HostileRequest(m, path, auth, type, body, key));
        });

    static Gen<HostileRequest> ApiRead =>
        Gen.Select(Pick(Reads), Gen.Select(Pick(QueryNames), Text, (n, v) => Uri.EscapeDataString(n) + "=" + Uri.EscapeDataString(v)).Array[0, 3],
            Pick(Auths), Gen.Frequency((10, Gen.Const("GET")), (1, Pick(WrongMethods))),
            (path, query, auth, method) => new HostileRequest(method, query.Length == 0 ? path : path + "?" + string.Join('&', query), auth, null, null, null));

    static readonly string[] PageFields =
        ["email", "name", "card_number", "expiry", "cvc", "shipping_rate", "update_shipping", "shipping_line1", "shipping_line2", "shipping_city",
         "shipping_state", "shipping_postal_code", "shipping_country"];

    static Gen<HostileRequest> HostedPage =>
        Gen.Frequency(
            (1, Gen.Select(Pick("{session}", "fcs_unknown", "", "..%2F..%2Fv1%2Fproducts", "{product}"), Pick("GET", "HEAD", "TRACE", "PUT", "DELETE", "OPTIONS"),
                (id, method) => new HostileRequest(method, "/pay/c/" + id, "none", null, null, null))),
            (2, Gen.Select(
                Gen.Select(Pick(PageFields), Gen.Frequency((3, Text), (1, Pick("4242 4242 4242 4242", "12 / 34", "١٢/٣٤", "１２/３４", "123", "buyer@example.com", "US", "1")))
                    , (n, v) => KeyValuePair.Create(n, v)).Array[0, 10],
                Gen.Frequency((3, Gen.Const(true)), (1, Gen.Const(false))),
                (form, token) => new HostileRequest("POST", "/pay/c/{session}", "none", null, null, null, form, token))));

    /// <summary>Every kind of request, in proportion: writes most, since they parse the most.</summary>
    public static readonly Gen<HostileRequest> Any = Gen.Frequency((6, ApiWrite), (3, ApiRead), (2, HostedPage));

    static Gen<T> Pick<T>(params T[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    static string Quote(string text)
    {
        var json = new StringBuilder("\"");
        foreach (var c in text)
        {
            if (c is '"' or '\\') json.Append('\\').Append(c);
            else if (c < ' ' || char.IsSurrogate(c)) json.Append($"\\u{(int)c:x4}");
            else json.Append(c);
        }
        return json.Append('"').ToString();
    }
}
