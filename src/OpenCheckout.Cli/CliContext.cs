using System.CommandLine;
using System.Net;
using OpenCheckout.Client;
using Spectre.Console;

namespace OpenCheckout.Cli;

/// <summary>What one invocation works with: the resolved global options, an SDK client made on first use, and the output
/// streams. The client's HTTP pipeline records each response body, so <c>--json</c> prints what the server sent, byte for byte,
/// rather than the SDK's typed view of it re-serialised.</summary>
sealed class CliContext : IDisposable
{
    readonly string? _apiKey;
    readonly RawResponseRecorder _recorder = new() { InnerHandler = new SocketsHttpHandler() };
    HttpClient? _http;
    OpenCheckoutClient? _client;
    IAnsiConsole? _console;

    public CliContext(ParseResult result)
    {
        _apiKey = NullIfBlank(result.GetValue(GlobalOptions.ApiKey)) ?? NullIfBlank(Environment.GetEnvironmentVariable(GlobalOptions.ApiKeyVariable));
        BaseUrl = NullIfBlank(result.GetValue(GlobalOptions.BaseUrl)) ?? NullIfBlank(Environment.GetEnvironmentVariable(GlobalOptions.BaseUrlVariable))
            ?? GlobalOptions.DefaultBaseUrl;
        Json = result.GetValue(GlobalOptions.Json);
    }

    public bool Json { get; }
    public string BaseUrl { get; }
    public TextWriter Out => Console.Out;
    public TextWriter Error => Console.Error;

    /// <summary>Tables go through Spectre.Console. In a pipe or a CI log there is no terminal width to follow, so a wide one is
    /// assumed: ids must never wrap mid-token where a script or a reader greps for them.</summary>
    public IAnsiConsole Terminal => _console ??= CreateConsole();

    /// <summary>The body of the last API response, as received.</summary>
    public string? LastBody => _recorder.LastBody;

    /// <summary>The status code of the last API response.</summary>
    public int? LastStatus => _recorder.LastStatus;

    public bool IsTestKey => ApiKey.StartsWith("fsk_test_", StringComparison.Ordinal);

    public string ApiKey => _apiKey ?? throw new CliException(
        $"No API key. Pass --api-key fsk_test_... or set {GlobalOptions.ApiKeyVariable}. The server prints a test key on its first start; "
        + "`opencheckout keys create --account facct_...` makes another.");

    public OpenCheckoutClient Client => _client ??= CreateClient();

    OpenCheckoutClient CreateClient()
    {
        var apiKey = ApiKey;
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new CliException($"The base URL must be an absolute http(s) URL, not '{BaseUrl}' (--base-url or {GlobalOptions.BaseUrlVariable}).");
        // No retries: a person or a script at the other end sees a failure at once and decides. Writes still carry an Idempotency-Key.
        _http = new HttpClient(_recorder) { Timeout = TimeSpan.FromSeconds(100) };
        return new OpenCheckoutClient(_http, new OpenCheckoutClientOptions { ApiKey = apiKey, BaseUrl = BaseUrl });
    }

    /// <summary>Fails early, with a reason, where a command only makes sense with test-mode objects.</summary>
    public void RequireTestKey(string command)
    {
        if (!IsTestKey)
            throw new CliException($"`{command}` works in test mode only: use a test key (fsk_test_...), not a live one.");
    }

    /// <summary>Progress for people; with <c>--json</c> stdout carries only the API's JSON, so this says nothing.</summary>
    public void Say(string line)
    {
        if (!Json) Out.WriteLine(line);
    }

    /// <summary>With <c>--json</c>, the last response body as received, on one line of its own.</summary>
    public void WriteRawJson()
    {
        if (LastBody is { } body) Out.WriteLine(body.TrimEnd());
    }

    /// <summary>An API failure: a readable line on stderr, and with <c>--json</c> the error body itself on stdout.</summary>
    public void ReportApiError(OpenCheckoutException e)
    {
        if (e.Type == "api_connection_error")
        {
            Error.WriteLine($"Error: could not reach the OpenCheckout server at {BaseUrl}: {e.InnerException?.Message ?? e.Message}");
            Error.WriteLine($"Is it running? Point the CLI elsewhere with --base-url or {GlobalOptions.BaseUrlVariable}.");
            return;
        }
        if (Json && e.StatusCode is not null) WriteRawJson();
        var facts = new List<string> { e.Code is null ? e.Type : $"{e.Type}: {e.Code}" };
        if (e.DeclineCode is not null) facts.Add($"decline code {e.DeclineCode}");
        if (e.Param is not null) facts.Add($"param {e.Param}");
        if (e.PaymentIntent is not null) facts.Add($"payment intent {e.PaymentIntent}");
        if (e.StatusCode is { } status) facts.Add($"HTTP {(int)status}");
        if (e.RequestId is not null) facts.Add($"request {e.RequestId}");
        Error.WriteLine($"Error: {e.Message} ({string.Join(", ", facts)})");
        if (e.StatusCode == HttpStatusCode.Unauthorized)
            Error.WriteLine($"Check the API key (--api-key or {GlobalOptions.ApiKeyVariable}) and that it belongs to the server at {BaseUrl}.");
    }

    static IAnsiConsole CreateConsole()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Out) });
        if (System.Console.IsOutputRedirected) console.Profile.Width = 240;
        return console;
    }

    static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public void Dispose()
    {
        _client?.Dispose();
        if (_http is not null) _http.Dispose();
        else _recorder.Dispose();
    }
}

/// <summary>Keeps the last response body: buffered before the SDK reads it, so both see the same bytes.</summary>
sealed class RawResponseRecorder : DelegatingHandler
{
    public string? LastBody { get; private set; }
    public int? LastStatus { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        LastBody = await response.Content.ReadAsStringAsync(cancellationToken);
        LastStatus = (int)response.StatusCode;
        return response;
    }
}
