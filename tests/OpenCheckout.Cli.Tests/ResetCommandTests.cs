using System.Net.Http.Json;
using System.Text.Json;

namespace OpenCheckout.Cli.Tests;

/// <summary><c>reset</c>: with <c>--yes</c> it deletes the account's test objects; without it, and nobody at a terminal to ask,
/// it refuses and deletes nothing; a live key is refused.</summary>
public sealed class ResetCommandTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    static async Task<int> SessionCountAsync(Merchant merchant)
    {
        using var api = merchant.Api();
        return (await api.GetFromJsonAsync<JsonElement>("/v1/checkout/sessions")).GetProperty("checkout_sessions").GetArrayLength();
    }

    [Fact]
    public async Task Reset_WithYes_DeletesTheTestObjects()
    {
        var merchant = await server.CreateMerchantAsync();
        Assert.Equal(0, (await merchant.RunAsync("trigger", "checkout.session.completed")).ExitCode);
        Assert.Equal(1, await SessionCountAsync(merchant));

        var result = await merchant.RunAsync("reset", "--yes");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"^Deleted \d+ test-mode records: 1 checkout sessions, 1 payment intents, .*1 products, 1 prices", result.Stdout);
        Assert.Equal(0, await SessionCountAsync(merchant));
        // --force is Stripe's spelling; what is left is the first reset's own request log and idempotency key.
        var again = await merchant.RunAsync("reset", "--force");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.DoesNotContain("checkout sessions", again.Stdout);
    }

    [Fact]
    public async Task Reset_WithoutYes_AndNoTerminal_RefusesAndDeletesNothing()
    {
        var merchant = await server.CreateMerchantAsync();
        Assert.Equal(0, (await merchant.RunAsync("trigger", "checkout.session.expired")).ExitCode);

        var result = await merchant.RunAsync("reset");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("confirm with --yes", result.Stderr);
        Assert.Equal(1, await SessionCountAsync(merchant));
    }

    [Fact]
    public async Task Reset_WithALiveKey_IsRefused()
    {
        var merchant = await server.CreateMerchantAsync();

        var result = await merchant.RunAsync("reset", "--yes", "--api-key", merchant.LiveKey);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("`reset` works in test mode only", result.Stderr);
    }
}
