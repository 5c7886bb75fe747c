using System.Text.Json;

namespace OpenCheckout.Cli.Tests;

/// <summary>What a user sees when something is wrong: one clear line on stderr and a non-zero exit code, never a stack trace.</summary>
public sealed class ErrorTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Theory]
    [InlineData("products", "list")]
    [InlineData("sessions", "get", "fcs_x")]
    [InlineData("trigger", "checkout.session.completed")]
    [InlineData("listen", "--forward-to", "http://127.0.0.1:9/webhooks")]
    public async Task Command_WithoutApiKey_ExplainsHowToGiveOne(params string[] args)
    {
        var result = await Cli.RunAsync(args, new Dictionary<string, string> { ["OPENCHECKOUT_BASE_URL"] = server.BaseUrl });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("No API key. Pass --api-key fsk_test_... or set OPENCHECKOUT_API_KEY", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public async Task ApiKeyOption_WinsOverTheEnvironment()
    {
        var merchant = await server.CreateMerchantAsync();

        var result = await Cli.RunAsync(["products", "list", "--api-key", merchant.TestKey, "--base-url", server.BaseUrl],
            new Dictionary<string, string> { ["OPENCHECKOUT_API_KEY"] = "fsk_test_wrong", ["OPENCHECKOUT_BASE_URL"] = "http://127.0.0.1:9" });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("No products.", result.Stdout);
    }

    [Fact]
    public async Task WrongApiKey_SaysSoWithTheRequestId()
    {
        var result = await Cli.RunAsync(["products", "list"], new Dictionary<string, string>
        {
            ["OPENCHECKOUT_API_KEY"] = "fsk_test_notakeyatall",
            ["OPENCHECKOUT_BASE_URL"] = server.BaseUrl,
        });

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("authentication_error", result.Stderr);
        Assert.Matches("request req_", result.Stderr);
    }

    [Fact]
    public async Task UnreachableServer_NamesTheAddress()
    {
        var result = await Cli.RunAsync(["products", "list"], new Dictionary<string, string>
        {
            ["OPENCHECKOUT_API_KEY"] = "fsk_test_whatever",
            ["OPENCHECKOUT_BASE_URL"] = "http://127.0.0.1:9",
        });

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("could not reach the OpenCheckout server at http://127.0.0.1:9", result.Stderr);
    }

    [Fact]
    public async Task UnknownObject_WithJson_PrintsTheErrorBodyAndExitsOne()
    {
        var merchant = await server.CreateMerchantAsync();

        var result = await merchant.RunAsync("products", "get", "fprod_01JNOSUCHPRODUCT000000000", "--json");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("invalid_request_error", JsonDocument.Parse(result.Stdout).RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains("HTTP 404", result.Stderr);
    }

    [Fact]
    public async Task BadMetadata_IsAUsageError()
    {
        var merchant = await server.CreateMerchantAsync();

        var result = await merchant.RunAsync("products", "create", "--name", "X", "--metadata", "novalue");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--metadata takes key=value", result.Stderr);
    }

    [Theory]
    [InlineData("--unit-amount must be a whole number, got 'abc'", "opencheckout prices create --help",
        "prices", "create", "--product", "fprod_x", "--unit-amount", "abc")]
    [InlineData("--unit-amount is out of range, got '99999999999999999999'", "opencheckout prices create --help",
        "prices", "create", "--product", "fprod_x", "--unit-amount", "99999999999999999999")]
    [InlineData("--limit must be a whole number, got 'ten'", "opencheckout products list --help", "products", "list", "--limit", "ten")]
    [InlineData("--quantity must be a whole number, got '2x'", "opencheckout sessions create --help",
        "sessions", "create", "--price", "fprice_x", "--quantity", "2x")]
    public async Task MalformedValue_IsSaidInWords_WithAPointerToHelp(string expected, string help, params string[] args)
    {
        var result = await Cli.RunAsync(args, new Dictionary<string, string> { ["OPENCHECKOUT_API_KEY"] = "fsk_test_whatever" });

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"Error: {expected}.", result.Stderr);
        Assert.Contains($"Run '{help}' for its options.", result.Stderr);
        Assert.DoesNotContain("System.", result.Stderr);
        // The help is not dumped under the error.
        Assert.DoesNotContain("Usage:", result.Stdout + result.Stderr);
        Assert.DoesNotContain("Options:", result.Stdout + result.Stderr);
    }

    [Fact]
    public async Task UnknownCommand_ListsTheCommandsThere_WithoutTheHelp()
    {
        var result = await Cli.RunAsync(["products", "lst"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Error: Unrecognized command or argument 'lst'.", result.Stderr);
        Assert.Contains("'opencheckout products' takes one of these commands: list, get, create.", result.Stderr);
        Assert.Contains("Run 'opencheckout products --help' for its options.", result.Stderr);
        Assert.DoesNotContain("Usage:", result.Stdout + result.Stderr);
    }

    [Fact]
    public async Task Help_IsStillThereWhenAskedFor()
    {
        var result = await Cli.RunAsync(["prices", "create", "--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--unit-amount", result.Stdout);
        Assert.Contains("Usage:", result.Stdout);
    }
}
