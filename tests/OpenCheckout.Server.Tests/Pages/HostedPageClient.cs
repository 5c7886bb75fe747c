using System.Net;
using System.Text.RegularExpressions;

namespace OpenCheckout.Server.Tests.Pages;

/// <summary>Drives the hosted page the way a browser without JavaScript does: GET the form (keeping the
/// anti-forgery cookie), then POST it back with the hidden token.</summary>
public sealed partial class HostedPageClient : IDisposable
{
    readonly HttpClient _http;

    /// <summary>With <paramref name="forwardedFor"/>, every request says it was forwarded for that address, as a proxy would.</summary>
    public HostedPageClient(Uri baseAddress, string? forwardedFor = null)
    {
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = baseAddress,
        };
        if (forwardedFor is not null) _http.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
    }

    public Task<HttpResponseMessage> GetAsync(string sessionId) => _http.GetAsync($"/pay/c/{sessionId}");

    /// <summary>A visit to a payment link (<c>/pay/l/{id}</c> and its query), with this client's cookies.</summary>
    public Task<HttpResponseMessage> VisitLinkAsync(string linkId, string query = "") => _http.GetAsync($"/pay/l/{linkId}{query}");

    public Task<HttpResponseMessage> HeadLinkAsync(string linkId) => _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/pay/l/{linkId}"));

    public async Task<HttpResponseMessage> PayAsync(string sessionId, string cardNumber = "4242 4242 4242 4242",
        string expiry = "12 / 34", string cvc = "123", string email = "buyer@example.com", string name = "Jane Buyer")
    {
        var page = await (await GetAsync(sessionId)).Content.ReadAsStringAsync();
        return await SubmitAsync(sessionId, TokenOf(page), cardNumber, expiry, cvc, email, name);
    }

    public Task<HttpResponseMessage> SubmitAsync(string sessionId, string token, string cardNumber = "4242 4242 4242 4242",
        string expiry = "12 / 34", string cvc = "123", string email = "buyer@example.com", string name = "Jane Buyer") =>
        _http.PostAsync($"/pay/c/{sessionId}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["email"] = email,
            ["name"] = name,
            ["card_number"] = cardNumber,
            ["expiry"] = expiry,
            ["cvc"] = cvc,
        }));

    /// <summary>Submits the form with the default buyer and card fields, overridden or extended by <paramref name="fields"/>
    /// (e.g. <c>shipping_rate</c>, <c>shipping_line1</c>…); a null value leaves that field out.</summary>
    public async Task<HttpResponseMessage> SubmitFieldsAsync(string sessionId, IReadOnlyDictionary<string, string?> fields) =>
        await SubmitWithTokenAsync(sessionId, TokenOf(await (await GetAsync(sessionId)).Content.ReadAsStringAsync()), fields);

    /// <summary><see cref="SubmitFieldsAsync"/> with the token of a page got earlier: a form submitted twice, from two tabs.</summary>
    public async Task<HttpResponseMessage> SubmitWithTokenAsync(string sessionId, string token, IReadOnlyDictionary<string, string?> fields)
    {
        var form = new Dictionary<string, string?>
        {
            ["__RequestVerificationToken"] = token,
            ["email"] = "buyer@example.com",
            ["name"] = "Jane Buyer",
            ["card_number"] = "4242 4242 4242 4242",
            ["expiry"] = "12 / 34",
            ["cvc"] = "123",
        };
        foreach (var (name, value) in fields) form[name] = value;
        return await _http.PostAsync($"/pay/c/{sessionId}",
            new FormUrlEncodedContent(form.Where(f => f.Value is not null).Select(f => KeyValuePair.Create(f.Key, f.Value!))));
    }

    /// <summary>Posts one of the page's smaller forms (<c>?handler=ApplyCode</c>, <c>RemoveCode</c>) with <paramref name="fields"/>.</summary>
    public async Task<HttpResponseMessage> PostHandlerAsync(string sessionId, string handler, IReadOnlyDictionary<string, string>? fields = null)
    {
        var page = await (await GetAsync(sessionId)).Content.ReadAsStringAsync();
        var form = new Dictionary<string, string>(fields ?? new Dictionary<string, string>()) { ["__RequestVerificationToken"] = TokenOf(page) };
        return await _http.PostAsync($"/pay/c/{sessionId}?handler={handler}", new FormUrlEncodedContent(form));
    }

    /// <summary>Pays an open invoice on its hosted page (<c>/pay/i/{id}</c>) with <paramref name="cardNumber"/>.</summary>
    public async Task<HttpResponseMessage> PayInvoiceAsync(string invoiceId, string cardNumber = "4242 4242 4242 4242", string expiry = "12 / 34",
        string cvc = "123")
    {
        var page = await (await _http.GetAsync($"/pay/i/{invoiceId}")).Content.ReadAsStringAsync();
        return await _http.PostAsync($"/pay/i/{invoiceId}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = TokenOf(page),
            ["card_number"] = cardNumber,
            ["expiry"] = expiry,
            ["cvc"] = cvc,
        }));
    }

    public static string TokenOf(string page) => TokenPattern().Match(page) is { Success: true } match
        ? match.Groups[1].Value
        : throw new InvalidOperationException("The page has no anti-forgery token.");

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public void Dispose() => _http.Dispose();
}
