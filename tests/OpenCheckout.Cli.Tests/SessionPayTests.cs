using System.Text.Json;

namespace OpenCheckout.Cli.Tests;

/// <summary><c>sessions pay</c>: a specific test session completed headlessly, declines reported as failures.</summary>
public sealed class SessionPayTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    async Task<(Merchant Merchant, string SessionId)> OpenSessionAsync()
    {
        var merchant = await server.CreateMerchantAsync();
        string Id(CliResult r, string envelope, string field) =>
            JsonDocument.Parse(r.Stdout).RootElement.GetProperty(envelope).GetProperty(field).GetString()!;
        var product = Id(await merchant.RunAsync("products", "create", "--name", "Lamp", "--json"), "product", "product_id");
        var price = Id(await merchant.RunAsync("prices", "create", "--product", product, "--unit-amount", "3500", "--json"), "price", "price_id");
        var session = Id(await merchant.RunAsync("sessions", "create", "--price", price, "--json"), "checkout_session", "id");
        return (merchant, session);
    }

    async Task<string> StatusAsync(Merchant merchant, string sessionId)
    {
        var get = await merchant.RunAsync("sessions", "get", sessionId, "--json");
        return JsonDocument.Parse(get.Stdout).RootElement.GetProperty("checkout_session").GetProperty("status").GetString()!;
    }

    [Fact]
    public async Task Pay_WithDeclinedCard_ExitsOneWithTheDeclineAndKeepsTheSessionOpen()
    {
        var (merchant, session) = await OpenSessionAsync();

        var result = await merchant.RunAsync("sessions", "pay", session, "--card", "4000000000000002");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Your card was declined.", result.Stderr);
        Assert.Contains("generic_decline", result.Stderr);
        Assert.Equal("", result.Stdout);
        Assert.Equal("open", await StatusAsync(merchant, session));
    }

    [Fact]
    public async Task Pay_WithDeclinedCardAndJson_PrintsTheErrorBody()
    {
        var (merchant, session) = await OpenSessionAsync();

        var result = await merchant.RunAsync("sessions", "pay", session, "--card", "4000000000009995", "--json");

        Assert.Equal(1, result.ExitCode);
        var error = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("error");
        Assert.Equal("card_error", error.GetProperty("type").GetString());
        Assert.Equal("insufficient_funds", error.GetProperty("decline_code").GetString());
    }

    [Fact]
    public async Task Pay_WithSuccessCard_CompletesTheSession()
    {
        var (merchant, session) = await OpenSessionAsync();

        var result = await merchant.RunAsync("sessions", "pay", session, "--card", "5555555555554444", "--email", "ada@example.com");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"Paid {session}", result.Stdout);
        Assert.Contains("$35.00", result.Stdout);
        var get = JsonDocument.Parse((await merchant.RunAsync("sessions", "get", session, "--json")).Stdout).RootElement.GetProperty("checkout_session");
        Assert.Equal("complete", get.GetProperty("status").GetString());
        Assert.Equal("ada@example.com", get.GetProperty("customer_details").GetProperty("email").GetString());
    }

    [Fact]
    public async Task Pay_WithLiveKey_RefusesBeforeCallingTheApi()
    {
        var (merchant, session) = await OpenSessionAsync();

        var result = await merchant.RunAsync("sessions", "pay", session, "--api-key", merchant.LiveKey);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("test mode only", result.Stderr);
    }
}
