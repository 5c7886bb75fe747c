using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace OpenCheckout.Server.Tests.Processors.FakeStripe;

/// <summary>Plain HTTP against the fake, for what Stripe.net would not send (unknown parameters, bad keys) or hides
/// (headers, raw bodies).</summary>
internal sealed class FakeStripeHttp(FakeStripe fake) : IDisposable
{
    readonly HttpClient _http = new() { BaseAddress = new Uri(fake.ApiBase) };

    public async Task<(int Status, JsonObject Body, HttpResponseMessage Response)> PostAsync(
        string path, IEnumerable<(string Key, string Value)> form, string? key = null, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(form.Select(p => KeyValuePair.Create(p.Key, p.Value))),
        };
        return await SendAsync(request, key ?? fake.SecretKey, idempotencyKey);
    }

    public async Task<(int Status, JsonObject Body, HttpResponseMessage Response)> GetAsync(string pathAndQuery, string? key = null) =>
        await SendAsync(new HttpRequestMessage(HttpMethod.Get, pathAndQuery), key ?? fake.SecretKey, null);

    async Task<(int, JsonObject, HttpResponseMessage)> SendAsync(HttpRequestMessage request, string key, string? idempotencyKey)
    {
        if (key.Length > 0) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        var response = await _http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        return ((int)response.StatusCode, body, response);
    }

    public void Dispose() => _http.Dispose();
}
