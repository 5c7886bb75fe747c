using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using OpenCheckout.Server.Tests.Features.Webhooks;

namespace OpenCheckout.Server.Tests.Hosting;

/// <summary>What an operator sees (issue 18, observability): Prometheus metrics behind a token (off by default, no account
/// labels), traces that continue the caller's W3C traceparent, and JSON console logs as an option. They run alone:
/// OpenTelemetry listens to meters by name across the process, so payments made by tests running beside them would add to
/// the counts they read.</summary>
[Collection(nameof(TelemetryTests))]
public sealed class TelemetryTests : IDisposable
{
    const string Token = "scrape-token-0c1d";
    readonly string _directory = Directory.CreateTempSubdirectory("opencheckout-telemetry-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    static Dictionary<string, string?> Telemetry(string? token = Token) => new()
    {
        ["OpenCheckout:Telemetry:Enabled"] = "true",
        ["OpenCheckout:Telemetry:PrometheusToken"] = token,
    };

    static async Task<HttpResponseMessage> ScrapeAsync(TestApp app, string? token)
    {
        using var http = app.Http();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }

    [Fact]
    public async Task Metrics_AreOffByDefault()
    {
        await using var app = new TestApp(DatabaseProvider.Sqlite);

        Assert.Equal(HttpStatusCode.NotFound, (await ScrapeAsync(app, Token)).StatusCode);
    }

    [Fact]
    public async Task Prometheus_WithTheToken_CountsPaymentsByOutcomeAndDeclineCode_AndDeliveries_WithoutNamingAccounts()
    {
        await using var app = new TestApp(DatabaseProvider.Sqlite, settings: Telemetry());
        var merchant = await app.CreateMerchantAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        await merchant.CreateWebhookAsync(receiver.Url(), ["checkout.session.completed"]);
        var price = await merchant.CreatePriceAsync();
        Assert.Equal(HttpStatusCode.OK, (await merchant.PayWithTestHelperAsync((await merchant.CreateSessionAsync(price)).Id())).StatusCode);
        Assert.Equal(HttpStatusCode.PaymentRequired,
            (await merchant.PayWithTestHelperAsync((await merchant.CreateSessionAsync(price)).Id(), "4000000000000002")).StatusCode);
        await app.DeliverDueAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await ScrapeAsync(app, null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ScrapeAsync(app, "wrong")).StatusCode);
        var scraped = await ScrapeAsync(app, Token);
        var text = await scraped.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        var payments = text.Split('\n').Where(l => l.StartsWith("opencheckout_payments_total{", StringComparison.Ordinal)).ToList();
        Assert.Contains(payments, l => l.Contains("outcome=\"succeeded\"") && l.Contains("mode=\"test\"") && l.EndsWith(" 1"));
        Assert.Contains(payments, l => l.Contains("outcome=\"declined\"") && l.Contains("decline_code=\"generic_decline\"") && l.EndsWith(" 1"));
        Assert.Contains(text.Split('\n'), l => l.StartsWith("opencheckout_webhook_deliveries_total{", StringComparison.Ordinal) && l.Contains("result=\"succeeded\""));
        Assert.Contains("http_server_request_duration_seconds", text);
        Assert.Contains("opencheckout_db_group_commit_batch_size", text);
        Assert.DoesNotContain(merchant.AccountId, text);
        Assert.DoesNotContain("facct_", text);
    }

    [Fact]
    public async Task Traces_ContinueTheCallersTraceparent_IntoTheUnitOfWork()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var parent = ActivitySpanId.CreateRandom();
        var seen = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "OpenCheckout" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { if (activity.TraceId == traceId) seen.Enqueue(activity); },
        };
        ActivitySource.AddActivityListener(listener);
        await using var app = new TestApp(DatabaseProvider.Sqlite, settings: Telemetry(token: null));
        var merchant = await app.CreateMerchantAsync();
        var price = await merchant.CreatePriceAsync();
        // This process's own HttpClient instrumentation (the server's, in-process) would start a trace of its own and send that:
        // the client here sends only the traceparent it is given, as a merchant's server in another process would.
        using var api = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = app.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", merchant.TestKey);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/checkout/sessions")
        {
            Content = Json.Body($$"""{"success_url":"https://shop.example/ok","line_items":[{"price":"{{price}}","quantity":1}]}"""),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{parent}-01");

        var response = await api.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.Contains("Request-Id"));
        // The request's span ends once the answer is sent, which may be just after the client has it.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!seen.Any(a => a.Source.Name == "Microsoft.AspNetCore") && DateTime.UtcNow < deadline) await Task.Delay(20);
        var server = Assert.Single(seen, a => a.Source.Name == "Microsoft.AspNetCore");
        Assert.Equal(parent, server.ParentSpanId);
        var unitOfWork = Assert.Single(seen, a => a.OperationName == "db.unit_of_work");
        Assert.Equal(server.SpanId, unitOfWork.ParentSpanId);
    }

    [Fact]
    public async Task JsonConsoleLogs_AreOneJsonObjectALine()
    {
        await using var server = await ServerProcess.StartAsync(_directory, new Dictionary<string, string>
        {
            ["Logging__Console__FormatterName"] = "json",
            ["Logging__LogLevel__Default"] = "Information",
        });
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        await server.WaitForOutputAsync("\"Category\"", TimeSpan.FromSeconds(30));

        var logLines = server.Output.Split('\n').Where(l => l.TrimStart().StartsWith('{')).ToList();
        Assert.NotEmpty(logLines);
        Assert.All(logLines, line =>
        {
            var entry = JsonDocument.Parse(line).RootElement;
            Assert.True(entry.TryGetProperty("LogLevel", out _), line);
            Assert.True(entry.TryGetProperty("Category", out _), line);
        });
    }
}

[CollectionDefinition(nameof(TelemetryTests), DisableParallelization = true)]
public sealed class TelemetryTestsRunAlone;
