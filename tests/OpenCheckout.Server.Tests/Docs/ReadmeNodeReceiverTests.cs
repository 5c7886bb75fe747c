using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using OpenCheckout.Server.Tests.Features.Webhooks;

namespace OpenCheckout.Server.Tests.Docs;

/// <summary>The README's Node webhook receiver is copy-paste true with the official libraries: samples/webhook-receiver-node is
/// that code; run by Node with the real <c>standardwebhooks</c> and <c>svix</c> npm packages (installed by <c>npm ci</c> from its
/// lock file), it accepts what the server delivers and refuses a delivery whose body was changed. Both libraries strip only
/// <c>whsec_</c> from a secret, which is why the README's line hands them <c>fwhsec_...</c> as <c>whsec_...</c>.</summary>
public sealed class ReadmeNodeReceiverTests(NodeReceiverPackages packages) : IClassFixture<NodeReceiverPackages>, IAsyncLifetime
{
    // Deliveries carry the server clock's time, and the libraries check it against the real one: use real time.
    readonly TestApp _app = new(clock: new FakeTimeProvider(DateTimeOffset.UtcNow));
    TestMerchant _merchant = null!;

    public async Task InitializeAsync() => _merchant = await _app.CreateMerchantAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public void Sample_IsTheReadmeSnippet()
    {
        var readme = File.ReadAllText(Path.Combine(NodeReceiverPackages.Root, "README.md"));
        var snippet = Regex.Match(readme, "```js\n(// npm install standardwebhooks.*?)```", RegexOptions.Singleline).Groups[1].Value;

        Assert.Equal(snippet, File.ReadAllText(Path.Combine(NodeReceiverPackages.SampleDirectory, "receiver.mjs")));
    }

    [Theory]
    [InlineData("standardwebhooks", "webhook-")]
    [InlineData("svix", "svix-")]
    public async Task Receiver_VerifiesRealDeliveries_AndRefusesATamperedBody(string library, string headerPrefix)
    {
        using var api = _merchant.Api();
        var port = FreePort();
        var webhook = (await (await api.PostAsync("/v1/webhooks", Json.Body($$"""
            {"url": "http://127.0.0.1:{{port}}/webhooks", "events": ["checkout.session.completed"]}
            """))).ReadJsonAsync()).GetProperty("webhook");
        var webhookId = webhook.GetProperty("webhook_id").GetString()!;
        await using var receiver = await packages.StartReceiverAsync(library, webhook.GetProperty("signing_secret").GetString()!, port);

        // A real delivery, straight from the server to the receiver: the library verified it, or it would have answered 400.
        var session = await _merchant.CreateSessionAsync(await _merchant.CreatePriceAsync());
        (await _merchant.PayWithTestHelperAsync(session.GetProperty("id").GetString()!)).EnsureSuccessStatusCode();
        var first = await AttemptAsync(api, webhookId, 1);
        Assert.True(first.GetProperty("status_code").GetInt32() == 200, $"{library} refused a real delivery: {first}\n{receiver.Output}");

        // The same event sent again to a recorder under the same secret, to see exactly what the server signs...
        await using var recorder = await WebhookReceiver.StartAsync();
        (await api.PostAsync($"/v1/webhooks/{webhookId}", Json.Body($$"""{"url": "{{recorder.Url()}}"}"""))).EnsureSuccessStatusCode();
        var eventId = first.GetProperty("event_id").GetString()!;
        (await api.PostAsync($"/v1/events/{eventId}/retry", Json.Body($$"""{"webhook_id": "{{webhookId}}"}"""))).EnsureSuccessStatusCode();
        var delivery = (await recorder.WaitForAsync(1, TimeSpan.FromSeconds(30)))[0];
        Assert.Contains("\"amount_total\":2000", delivery.Body);

        // ...then replayed to the receiver with the library's own headers only: as signed it passes, changed it does not.
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        Assert.Equal(HttpStatusCode.OK, await ReplayAsync(http, delivery, headerPrefix, delivery.Body));
        Assert.Equal(HttpStatusCode.BadRequest,
            await ReplayAsync(http, delivery, headerPrefix, delivery.Body.Replace("\"amount_total\":2000", "\"amount_total\":1")));
        Assert.Equal(HttpStatusCode.BadRequest, await ReplayAsync(http, delivery, headerPrefix, delivery.Body + " "));
    }

    [Fact]
    public async Task Receiver_UnderAnotherSecret_RefusesTheDelivery()
    {
        using var api = _merchant.Api();
        var port = FreePort();
        var webhook = (await (await api.PostAsync("/v1/webhooks", Json.Body($$"""
            {"url": "http://127.0.0.1:{{port}}/webhooks", "events": ["checkout.session.completed"]}
            """))).ReadJsonAsync()).GetProperty("webhook");
        await using var receiver = await packages.StartReceiverAsync("standardwebhooks", OpenCheckout.Webhooks.WebhookSignature.NewSecret(), port);

        var session = await _merchant.CreateSessionAsync(await _merchant.CreatePriceAsync());
        (await _merchant.PayWithTestHelperAsync(session.GetProperty("id").GetString()!)).EnsureSuccessStatusCode();

        var attempt = await AttemptAsync(api, webhook.GetProperty("webhook_id").GetString()!, 1);
        Assert.Equal(400, attempt.GetProperty("status_code").GetInt32());
    }

    /// <summary>Why the README's line is there: given the secret as the server issues it, both libraries refuse to start.</summary>
    [Theory]
    [InlineData("standardwebhooks")]
    [InlineData("svix")]
    public async Task Library_TakesTheSecretOnlyAsWhsec(string library)
    {
        var secret = OpenCheckout.Webhooks.WebhookSignature.NewSecret();
        const string script = "const { Webhook } = require(process.argv[1]); new Webhook(process.argv[2]);";

        var asIssued = await packages.RunNodeAsync("-e", script, library, secret);
        var asWhsec = await packages.RunNodeAsync("-e", script, library, "whsec_" + secret["fwhsec_".Length..]);

        Assert.NotEqual(0, asIssued.ExitCode);
        Assert.True(asWhsec.ExitCode == 0, asWhsec.Output);
    }

    static async Task<HttpStatusCode> ReplayAsync(HttpClient http, ReceivedWebhook delivery, string headerPrefix, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in delivery.Headers.Where(h => h.Key.StartsWith(headerPrefix, StringComparison.OrdinalIgnoreCase)))
            request.Headers.TryAddWithoutValidation(name, value);
        Assert.Equal(3, request.Headers.Count(h => h.Key.StartsWith(headerPrefix, StringComparison.OrdinalIgnoreCase)));
        return (await http.SendAsync(request)).StatusCode;
    }

    static async Task<JsonElement> AttemptAsync(HttpClient api, string webhookId, int count)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            var deliveries = (await (await api.GetAsync($"/v1/webhooks/{webhookId}/deliveries")).ReadJsonAsync()).GetProperty("deliveries");
            if (deliveries.GetArrayLength() >= count) return deliveries[0];
            await Task.Delay(100);
        }
        throw new TimeoutException("No delivery attempt was recorded.");
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The sample's npm packages, installed once per test class with <c>npm ci</c> (its lock file pins them) into a copy of
/// the sample in a temporary directory, so the checkout gets no node_modules.</summary>
public sealed class NodeReceiverPackages : IAsyncLifetime
{
    readonly string _directory = Path.Combine(Path.GetTempPath(), "opencheckout-node-receiver-" + Guid.NewGuid().ToString("N"));

    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "OpenCheckout.slnx"))) return dir.FullName;
            throw new InvalidOperationException("No OpenCheckout.slnx above the test binaries.");
        }
    }

    public static string SampleDirectory => Path.Combine(Root, "samples", "webhook-receiver-node");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        foreach (var file in new[] { "receiver.mjs", "package.json", "package-lock.json" })
            File.Copy(Path.Combine(SampleDirectory, file), Path.Combine(_directory, file));
        var install = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5));
        if (install.ExitCode != 0) throw new InvalidOperationException($"npm ci failed ({install.ExitCode}): {install.Output}");
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>The README's receiver, as is for <c>standardwebhooks</c>, or with the import the README names for <c>svix</c>.</summary>
    public async Task<NodeProcess> StartReceiverAsync(string library, string secret, int port)
    {
        var source = await File.ReadAllTextAsync(Path.Combine(_directory, "receiver.mjs"));
        var variant = source.Replace("from \"standardwebhooks\"", $"from \"{library}\"", StringComparison.Ordinal);
        Assert.Contains($"from \"{library}\"", variant);
        var file = Path.Combine(_directory, $"receiver-{library}.mjs");
        await File.WriteAllTextAsync(file, variant);

        var start = Start("node", [file]);
        start.Environment["OPENCHECKOUT_WEBHOOK_SECRET"] = secret;
        start.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var node = new NodeProcess(Process.Start(start)!);
        await node.WaitUntilListeningAsync(port);
        return node;
    }

    public Task<(int ExitCode, string Output)> RunNodeAsync(params string[] args) => RunAsync("node", args, TimeSpan.FromMinutes(1));

    async Task<(int ExitCode, string Output)> RunAsync(string program, string[] args, TimeSpan timeout)
    {
        using var process = Process.Start(Start(program, args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish within {timeout}.");
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    ProcessStartInfo Start(string program, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(program, args)
        {
            WorkingDirectory = _directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        return start;
    }
}

/// <summary>A running <c>node</c> receiver: its output kept for failure messages, killed on dispose.</summary>
public sealed class NodeProcess : IAsyncDisposable
{
    readonly Process _process;
    readonly StringBuilder _output = new();

    public NodeProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output { get { lock (_output) return _output.ToString(); } }

    void Append(string? line)
    {
        if (line is not null) lock (_output) _output.AppendLine(line);
    }

    public async Task WaitUntilListeningAsync(int port)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (_process.HasExited) throw new InvalidOperationException($"node exited ({_process.ExitCode}): {Output}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException($"The Node receiver did not listen on {port}: {Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
