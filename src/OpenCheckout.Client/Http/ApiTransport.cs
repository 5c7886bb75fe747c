using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using OpenCheckout.Wire;
using Polly.Timeout;

namespace OpenCheckout.Client.Http;

/// <summary>Sends one API call: auth, the Idempotency-Key on writes, envelope and error parsing. Retries happen below it,
/// in the HttpClient's handler chain, on the same request message — so they share its Idempotency-Key.</summary>
sealed class ApiTransport(HttpClient http, OpenCheckoutClientOptions options)
{
    static readonly ProductInfoHeaderValue UserAgent =
        new("OpenCheckout.Client", typeof(ApiTransport).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");

    readonly Uri _base = options.ApiBase();
    readonly AuthenticationHeaderValue _auth = new("Bearer", options.ApiKey);

    public OpenCheckoutClientOptions Options => options;

    public Task<T> GetAsync<T>(string path, QueryBuilder? query, JsonTypeInfo<T> response, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, path + query, null, response, null, ct);

    public Task<T> PostAsync<TBody, T>(string path, TBody body, JsonTypeInfo<TBody> request, JsonTypeInfo<T> response,
        RequestOptions? requestOptions, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, path, Json(body, request), response, requestOptions, ct);

    public Task<T> PatchAsync<TBody, T>(string path, TBody body, JsonTypeInfo<TBody> request, JsonTypeInfo<T> response,
        RequestOptions? requestOptions, CancellationToken ct) =>
        SendAsync(HttpMethod.Patch, path, Json(body, request), response, requestOptions, ct);

    /// <summary>A POST with no body, for actions that need no fields (expire, rotate_secret).</summary>
    public Task<T> PostAsync<T>(string path, JsonTypeInfo<T> response, RequestOptions? requestOptions, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, path, null, response, requestOptions, ct);

    public Task<T> DeleteAsync<T>(string path, JsonTypeInfo<T> response, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, path, null, response, null, ct);

    /// <summary>Any call as JSON in and out, for what the typed clients do not model (fixtures, overridden requests).</summary>
    public Task<JsonNode> SendRawAsync(HttpMethod method, string path, JsonNode? body, RequestOptions? requestOptions, CancellationToken ct) =>
        SendAsync(method, path, body is null ? null : Json(body, ClientJson.Default.JsonNode), ClientJson.Default.JsonNode, requestOptions, ct);

    /// <summary>A GET whose answer is read as it comes (Server-Sent Events): the open response once its headers are in, or the
    /// API's error as an <see cref="OpenCheckoutException"/>. The caller disposes it.</summary>
    public async Task<HttpResponseMessage> OpenStreamAsync(string path, QueryBuilder? query, IReadOnlyDictionary<string, string> headers,
        CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_base, path + query));
        request.Headers.Authorization = _auth;
        request.Headers.UserAgent.Add(UserAgent);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(HttpMethod.Get, request.RequestUri!, "connection_failed", e.Message, e);
        }
        catch (TimeoutRejectedException e)
        {
            throw Unreachable(HttpMethod.Get, request.RequestUri!, "timeout", "The server did not answer in time.", e);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw Unreachable(HttpMethod.Get, request.RequestUri!, "timeout", "The server did not answer in time.", e);
        }
        if (response.IsSuccessStatusCode) return response;
        using (response) throw await ErrorAsync(response, ct).ConfigureAwait(false);
    }

    /// <summary>Every item from <paramref name="first"/> on, fetching the next page (by the last item's id, or the first's when
    /// paging backwards with ending_before) while <c>has_more</c>.</summary>
    public static async IAsyncEnumerable<T> AutoPageAsync<T, TOptions>(TOptions first, Func<TOptions, CancellationToken, Task<ListPage<T>>> list,
        Func<T, string> id, [EnumeratorCancellation] CancellationToken ct) where TOptions : ListOptions
    {
        var options = first;
        var backwards = first.EndingBefore is not null;
        while (true)
        {
            var page = await list(options, ct).ConfigureAwait(false);
            foreach (var item in page.Data) yield return item;
            if (!page.HasMore || page.Data.Count == 0) yield break;
            options = backwards
                ? (TOptions)(options with { EndingBefore = id(page.Data[0]), StartingAfter = null })
                : (TOptions)(options with { StartingAfter = id(page.Data[^1]), EndingBefore = null });
        }
    }

    static ByteArrayContent Json<TBody>(TBody body, JsonTypeInfo<TBody> typeInfo)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, typeInfo));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> typeInfo,
        RequestOptions? requestOptions, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(_base, path)) { Content = content };
        request.Headers.Authorization = _auth;
        request.Headers.UserAgent.Add(UserAgent);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        // Set once, before the retry handler sees the request: every attempt of this call carries the same key.
        if (method == HttpMethod.Post || method == HttpMethod.Patch)
            request.Headers.Add("Idempotency-Key", requestOptions?.IdempotencyKey ?? Guid.NewGuid().ToString());

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(method, request.RequestUri!, "connection_failed", e.Message, e);
        }
        catch (TimeoutRejectedException e)
        {
            throw Unreachable(method, request.RequestUri!, "timeout", "The server did not answer in time.", e);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw Unreachable(method, request.RequestUri!, "timeout", "The server did not answer in time.", e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode) throw await ErrorAsync(response, ct).ConfigureAwait(false);
            try
            {
                await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
                return await JsonSerializer.DeserializeAsync(stream, typeInfo, ct).ConfigureAwait(false)
                    ?? throw new JsonException("The response body is null.");
            }
            catch (JsonException e)
            {
                throw new OpenCheckoutException($"The server's answer to {method} {request.RequestUri} could not be read: {e.Message}",
                    "api_error", "invalid_response", response.StatusCode, requestId: RequestId(response), innerException: e);
            }
        }
    }

    static OpenCheckoutException Unreachable(HttpMethod method, Uri uri, string code, string message, Exception inner) =>
        new($"{method} {uri} failed: {message}", "api_connection_error", code, innerException: inner);

    static async Task<OpenCheckoutException> ErrorAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var requestId = RequestId(response);
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        ErrorBody? body = null;
        try
        {
            body = JsonSerializer.Deserialize(text, WireJson.Default.ErrorBody);
        }
        catch (JsonException)
        {
            // Not the contract's shape (a proxy's HTML page, say): reported below with the status alone.
        }
        if (body?.Error is { } error)
            return new OpenCheckoutException(error.Message ?? error.Code ?? "The request failed.", error.Type ?? "api_error", error.Code,
                response.StatusCode, error.Param, requestId, error.DeclineCode, error.PaymentIntent, body.Detail);
        var status = (int)response.StatusCode;
        return new OpenCheckoutException($"The server answered {status} {response.ReasonPhrase} without an error body.",
            status is 429 ? "rate_limit_error" : status >= 500 ? "api_error" : "invalid_request_error", null, response.StatusCode,
            requestId: requestId);
    }

    static string? RequestId(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Request-Id", out var values) ? values.FirstOrDefault() : null;
}

/// <summary>A query string built by hand (no reflection), values escaped.</summary>
sealed class QueryBuilder
{
    readonly List<string> _parts = [];

    public QueryBuilder Add(string name, string? value)
    {
        if (value is not null) _parts.Add($"{Uri.EscapeDataString(name)}={Uri.EscapeDataString(value)}");
        return this;
    }

    public QueryBuilder Add(string name, long? value) => Add(name, value?.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public QueryBuilder Add(string name, bool? value) => Add(name, value is null ? null : value.Value ? "true" : "false");

    public QueryBuilder Add(string name, DateTimeOffset? value) => Add(name, value?.ToUnixTimeSeconds());

    public override string ToString() => _parts.Count == 0 ? "" : "?" + string.Join('&', _parts);
}
