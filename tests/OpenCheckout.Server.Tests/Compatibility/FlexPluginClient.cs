using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenCheckout.Server.Tests.Compatibility;

/// <summary>Sends requests the way Flex's WooCommerce plugin (github JoinFlexHealth/woocommerce, <c>Resource::remote_request</c>)
/// does: bearer key, <c>Content-Type: application/json</c>, <c>Accept</c>, <c>Origin</c> and <c>Referer</c> on every request,
/// GET and DELETE included, and an <c>Idempotency-Key</c> that is a hash of the resource's content — so one key can arrive
/// on different paths and methods. Like the plugin, it treats an empty body or a non-2xx status as a failure.</summary>
sealed class FlexPluginClient(TestApp app, string apiKey) : IDisposable
{
    readonly HttpClient _http = app.Http(apiKey);

    public sealed record Response(int Status, JsonElement Body, HttpResponseMessage Raw)
    {
        public JsonElement this[string name] => Body.GetProperty(name);
    }

    /// <summary>The key the plugin would send for <paramref name="content"/>: a hash of the resource it serializes.</summary>
    public static string KeyFor(string content) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)))[..32];

    public Task<Response> GetAsync(string path, string? idempotencyKey = null) => SendAsync(HttpMethod.Get, path, null, idempotencyKey);

    public Task<Response> PostAsync(string path, string json, string? idempotencyKey = null) =>
        SendAsync(HttpMethod.Post, path, json, idempotencyKey ?? KeyFor(json));

    public Task<Response> PatchAsync(string path, string json, string? idempotencyKey = null) =>
        SendAsync(HttpMethod.Patch, path, json, idempotencyKey ?? KeyFor(json));

    public Task<Response> DeleteAsync(string path, string json, string? idempotencyKey = null) =>
        SendAsync(HttpMethod.Delete, path, json, idempotencyKey ?? KeyFor(json));

    /// <summary>Asserts what the plugin requires of every answer: 2xx and a non-empty JSON body.</summary>
    public async Task<Response> OkAsync(Task<Response> call)
    {
        var response = await call;
        Assert.True(response.Status is >= 200 and < 300, $"Expected 2xx, got {response.Status}: {response.Body}");
        return response;
    }

    public async Task<Response> SendAsync(HttpMethod method, string path, string? json, string? idempotencyKey)
    {
        using var request = new HttpRequestMessage(method, path);
        // A GET without a body still says Content-Type: application/json, as wp_remote_request sends the header regardless.
        request.Content = new ByteArrayContent(json is null ? [] : Encoding.UTF8.GetBytes(json));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.TryAddWithoutValidation("Origin", "https://shop.example");
        request.Headers.Referrer = new Uri("https://shop.example/checkout/");
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        var raw = await _http.SendAsync(request);
        var text = await raw.Content.ReadAsStringAsync();
        Assert.False(string.IsNullOrEmpty(text), $"{method} {path} answered {(int)raw.StatusCode} with an empty body (the plugin throws on that).");
        return new Response((int)raw.StatusCode, JsonDocument.Parse(text).RootElement.Clone(), raw);
    }

    /// <summary>What PHP's <c>json_decode($body, true)</c> then <c>wp_json_encode</c> does to an object read back from the API:
    /// an empty object becomes <c>[]</c> (PHP has one array type). <paramref name="drop"/> names keys the plugin unsets.</summary>
    public static JsonObject AsPhpArray(JsonElement element, params string[] drop)
    {
        var node = JsonNode.Parse(element.GetRawText())!.AsObject();
        foreach (var key in drop) node.Remove(key);
        foreach (var (key, value) in node.ToList())
            if (value is JsonObject { Count: 0 }) node[key] = new JsonArray();
        return node;
    }

    public void Dispose() => _http.Dispose();
}
