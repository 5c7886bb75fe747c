using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OpenCheckout.Bench;

/// <summary>Milliseconds per step of one flow, and the whole flow end to end.</summary>
readonly record struct FlowTimes(double Create, double Page, double Pay, double Retrieve, double Total);

/// <summary>One buyer's checkout as the redirect guide describes it: the merchant creates a session, the
/// buyer opens the hosted page and submits the form (no JavaScript), the merchant reads the session back.
/// Every response is checked, so a fast failure cannot pass for a fast flow.</summary>
sealed partial class CheckoutFlow(HttpClient api, HttpClient buyer, string priceId)
{
    // Any future expiry is accepted for test cards; five years ahead stays valid whenever this runs.
    static readonly string Expiry = $"12 / {(DateTime.UtcNow.Year + 5) % 100:D2}";

    public async Task<FlowTimes> RunAsync(CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();

        var id = await CreateSessionAsync(ct);
        var created = Stopwatch.GetTimestamp();

        // The buyer's browser: no cookies of earlier buyers; the anti-forgery cookie of this page only.
        using var page = await buyer.GetAsync($"/pay/c/{id}", ct);
        var html = await Expect(page, HttpStatusCode.OK, "GET /pay/c/{id}", ct);
        var token = TokenPattern().Match(html) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException("The hosted page has no anti-forgery token.");
        var cookies = string.Join("; ", page.Headers.TryGetValues("Set-Cookie", out var set)
            ? set.Select(c => c.Split(';', 2)[0])
            : []);
        var shown = Stopwatch.GetTimestamp();

        using var submit = new HttpRequestMessage(HttpMethod.Post, $"/pay/c/{id}")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["email"] = "buyer@example.com",
                ["name"] = "Bench Buyer",
                ["card_number"] = "4242 4242 4242 4242",
                ["expiry"] = Expiry,
                ["cvc"] = "123",
            }),
        };
        if (cookies.Length > 0) submit.Headers.Add("Cookie", cookies);
        using var paid = await buyer.SendAsync(submit, ct);
        await Expect(paid, HttpStatusCode.SeeOther, "POST /pay/c/{id}", ct);
        if (paid.Headers.Location?.OriginalString.Contains(id, StringComparison.Ordinal) != true)
            throw new InvalidOperationException($"The 303 went to {paid.Headers.Location}, which does not name {id}.");
        var submitted = Stopwatch.GetTimestamp();

        using var fetched = await api.GetAsync($"/v1/checkout/sessions/{id}", ct);
        using var session = JsonDocument.Parse(await Expect(fetched, HttpStatusCode.OK, "GET /v1/checkout/sessions/{id}", ct));
        var status = session.RootElement.GetProperty("checkout_session").GetProperty("status").GetString();
        if (status != "complete") throw new InvalidOperationException($"Session {id} is {status} after payment, not complete.");
        var end = Stopwatch.GetTimestamp();

        return new FlowTimes(Ms(start, created), Ms(created, shown), Ms(shown, submitted), Ms(submitted, end), Ms(start, end));
    }

    async Task<string> CreateSessionAsync(CancellationToken ct)
    {
        // The body of the "Using Redirects Instead of Webhooks" guide: flat form, price_id.
        using var response = await api.PostAsync("/v1/checkout/sessions", Json($$"""
            {"success_url":"https://shop.example/success?session_id={CHECKOUT_SESSION_ID}",
             "cancel_url":"https://shop.example/cancel",
             "line_items":[{"price_id":"{{priceId}}","quantity":1}],"mode":"payment"}
            """), ct);
        using var body = JsonDocument.Parse(await Expect(response, HttpStatusCode.OK, "POST /v1/checkout/sessions", ct));
        return body.RootElement.GetProperty("checkout_session").GetProperty("id").GetString()!;
    }

    /// <summary>Setup, not timed: a product and one price of 20.00 USD.</summary>
    public static async Task<string> CreatePriceAsync(HttpClient api, CancellationToken ct)
    {
        using var product = await api.PostAsync("/v1/products", Json("""{"name":"Bench T-shirt"}"""), ct);
        using var productBody = JsonDocument.Parse(await Expect(product, HttpStatusCode.OK, "POST /v1/products", ct));
        var productId = productBody.RootElement.GetProperty("product").GetProperty("product_id").GetString();
        using var price = await api.PostAsync("/v1/prices",
            Json($$"""{"product":"{{productId}}","unit_amount":2000,"currency":"usd"}"""), ct);
        using var priceBody = JsonDocument.Parse(await Expect(price, HttpStatusCode.OK, "POST /v1/prices", ct));
        return priceBody.RootElement.GetProperty("price").GetProperty("price_id").GetString()!;
    }

    /// <summary>The baseline: one GET /health, the cheapest request the server answers.</summary>
    public static async Task<double> HealthAsync(HttpClient http, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        using var response = await http.GetAsync("/health", ct);
        await Expect(response, HttpStatusCode.OK, "GET /health", ct);
        return Ms(start, Stopwatch.GetTimestamp());
    }

    static async Task<string> Expect(HttpResponseMessage response, HttpStatusCode expected, string what, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        if (response.StatusCode != expected)
            throw new InvalidOperationException($"{what} answered {(int)response.StatusCode}, expected {(int)expected}: {Truncate(body)}");
        return body;
    }

    static StringContent Json(string json) => new(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    static string Truncate(string text) => text.Length <= 500 ? text : text[..500] + "...";

    static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
