using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;

namespace OpenCheckout.Server.Tests.Docs;

/// <summary>The README's C# webhook receiver is copy-paste true: samples/WebhookReceiver is that code, and,
/// run as its own process, it accepts what the server signs and refuses it under the wrong secret.</summary>
public sealed class ReadmeReceiverTests : IAsyncLifetime
{
    const string ReceiverUrl = "http://localhost:5001/webhooks"; // the port the README's snippet listens on
    // Deliveries carry the server clock's time, and the receiver checks it against its own: use real time.
    readonly TestApp _app = new(clock: new FakeTimeProvider(DateTimeOffset.UtcNow));
    TestMerchant _merchant = null!;

    public async Task InitializeAsync() => _merchant = await _app.CreateMerchantAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public void Sample_IsTheReadmeSnippet()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var snippet = Regex.Match(readme, "```csharp\n(using System.Text.Json;.*?)```", RegexOptions.Singleline).Groups[1].Value;
        Assert.Equal(snippet, File.ReadAllText(Path.Combine(Root, "samples", "WebhookReceiver", "Program.cs")));
    }

    [Theory]
    [InlineData(true, 200)]
    [InlineData(false, 400)]
    public async Task Receiver_VerifiesServerSignatures(bool rightSecret, int expectedStatus)
    {
        using var api = _merchant.Api();
        var webhook = (await (await api.PostAsync("/v1/webhooks",
            Json.Body($$$"""{"webhook": {"url": "{{{ReceiverUrl}}}", "events": ["checkout.session.completed"]}}"""))).ReadJsonAsync()).GetProperty("webhook");
        var secret = rightSecret ? webhook.GetProperty("signing_secret").GetString()! : OpenCheckout.Webhooks.WebhookSignature.NewSecret();

        using var receiver = StartReceiver(secret);
        await WaitUntilListeningAsync();
        var session = await _merchant.CreateSessionAsync(await _merchant.CreatePriceAsync());
        var paid = await api.PostAsync($"/v1/test_helpers/checkout/sessions/{session.GetProperty("id").GetString()}/pay", Json.Body("{}"));
        paid.EnsureSuccessStatusCode();

        var attempt = await FirstAttemptAsync(api, webhook.GetProperty("webhook_id").GetString()!);
        Assert.Equal(expectedStatus, attempt.GetProperty("status_code").GetInt32());
    }

    static async Task<JsonElement> FirstAttemptAsync(HttpClient api, string webhookId)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            var deliveries = (await (await api.GetAsync($"/v1/webhooks/{webhookId}/deliveries")).ReadJsonAsync()).GetProperty("deliveries");
            if (deliveries.GetArrayLength() > 0) return deliveries[0];
            await Task.Delay(100);
        }
        throw new TimeoutException("No delivery attempt was recorded.");
    }

    static ReceiverProcess StartReceiver(string secret)
    {
        var testDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var dll = Path.Combine(testDir.Parent!.Parent!.FullName, "WebhookReceiver", testDir.Name, "WebhookReceiver.dll");
        var start = new ProcessStartInfo("dotnet", [dll]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["OpenCheckout__WebhookSecret"] = secret;
        var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ReceiverProcess(process);
    }

    sealed class ReceiverProcess(Process process) : IDisposable
    {
        public void Dispose()
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit();
            process.Dispose();
        }
    }

    static async Task WaitUntilListeningAsync()
    {
        using var http = new HttpClient();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            try
            {
                await http.GetAsync(ReceiverUrl); // any answer (405 for GET) means it listens
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException("The sample receiver did not start.");
    }

    static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "OpenCheckout.slnx"))) return dir.FullName;
            throw new InvalidOperationException("No OpenCheckout.slnx above the test binaries.");
        }
    }
}
