using System.Net.Http.Json;
using System.Text.Json;
using OpenCheckout.Server.Features.Events;

namespace OpenCheckout.Cli.Tests;

/// <summary><c>trigger</c> for every type the server emits, each checked in the events list; overrides that land on the objects
/// they create; and the mistakes a user makes with them, told in one line.</summary>
public sealed class TriggerTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    static async Task<JsonElement> GetAsync(Merchant merchant, string path)
    {
        using var api = merchant.Api();
        return await api.GetFromJsonAsync<JsonElement>(path);
    }

    [Fact]
    public async Task EveryEmittedType_IsCausedForReal_AndAppearsInTheEventsList()
    {
        var merchant = await server.CreateMerchantAsync();
        foreach (var type in EventTypes.Emitted.Where(t => t != EventTypes.ChargeExpired))
        {
            var result = await merchant.RunAsync("trigger", type, "--wait", "--wait-timeout", "60");
            Assert.True(result.ExitCode == 0, $"{type}: {result}");
            Assert.Contains($"Trigger succeeded: {type} for ", result.Stdout);

            var events = await GetAsync(merchant, $"/v1/events?type={type}&limit=1");
            Assert.True(events.GetProperty("events").GetArrayLength() == 1, $"No {type} event after `trigger {type}`.\n{result}");
        }
    }

    [Fact]
    public async Task ChargeExpired_SaysWhyItCannotBeCausedNow_AndWhatToRunInstead()
    {
        var merchant = await server.CreateMerchantAsync();

        var result = await merchant.RunAsync("trigger", "charge.expired");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Error: charge.expired cannot be caused promptly through the API", result.Stderr);
        Assert.Contains("AuthorizationLifetime", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public async Task UnknownType_ListsTheValidOnes_WithoutAHelpDump()
    {
        var merchant = await server.CreateMerchantAsync();

        var result = await merchant.RunAsync("trigger", "charge.nope");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("charge.nope", result.Stderr);
        foreach (var type in EventTypes.Emitted) Assert.Contains(type, result.Stderr);
        Assert.DoesNotContain("webhook.test", result.Stderr);
        Assert.DoesNotContain("System.", result.Stderr);
        Assert.DoesNotContain("Usage:", result.Stdout + result.Stderr);
    }

    [Fact]
    public async Task Overrides_LandOnTheSession_AndTheCustomer()
    {
        var merchant = await server.CreateMerchantAsync();

        var completed = await merchant.RunAsync("trigger", "checkout.session.completed", "--override", "checkout_session:metadata.order=42",
            "--add", "checkout_session:client_reference_id=abc", "--remove", "checkout_session:metadata.opencheckout_cli_trigger");
        Assert.True(completed.ExitCode == 0, completed.ToString());
        var sessions = (await GetAsync(merchant, "/v1/checkout/sessions?limit=1")).GetProperty("checkout_sessions");
        var session = sessions[0];
        Assert.Equal("42", session.GetProperty("metadata").GetProperty("order").GetString());
        Assert.False(session.GetProperty("metadata").TryGetProperty("opencheckout_cli_trigger", out _));
        Assert.Equal("abc", session.GetProperty("client_reference_id").GetString());
        Assert.Equal("complete", session.GetProperty("status").GetString());

        var created = await merchant.RunAsync("trigger", "customer.created", "--override", "customer:email=x@y.z");
        Assert.True(created.ExitCode == 0, created.ToString());
        var customers = (await GetAsync(merchant, "/v1/customers?email=x@y.z")).GetProperty("customers");
        Assert.Equal(1, customers.GetArrayLength());
    }

    [Fact]
    public async Task ARefundOverride_SetsItsAmount_AsANumber()
    {
        var merchant = await server.CreateMerchantAsync();

        var result = await merchant.RunAsync("trigger", "refund.created", "--override", "refund:amount=500", "--override", "refund:metadata.ticket=7");

        Assert.True(result.ExitCode == 0, result.ToString());
        var refund = (await GetAsync(merchant, "/v1/refunds?limit=1")).GetProperty("refunds")[0];
        Assert.Equal(500, refund.GetProperty("amount").GetInt64());
        Assert.Equal("7", refund.GetProperty("metadata").GetProperty("ticket").GetString());
    }

    [Theory]
    [InlineData("--override", "metadata.order=42", "no resource before a ':'")]
    [InlineData("--override", "checkout_session:metadata.order", "no '=' before the value")]
    [InlineData("--override", "customer:email=x@y.z", "names 'customer', which `trigger checkout.session.completed` does not create; it creates: checkout_session")]
    [InlineData("--remove", "checkout_session:metadata..order", "has an empty field name")]
    public async Task ABadOverride_IsOneClearLine_AndCreatesNothing(string option, string value, string message)
    {
        var merchant = await server.CreateMerchantAsync();

        var result = await merchant.RunAsync("trigger", "checkout.session.completed", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr);
        Assert.StartsWith("Error: ", result.Stderr);
        Assert.Equal(0, (await GetAsync(merchant, "/v1/checkout/sessions")).GetProperty("checkout_sessions").GetArrayLength());
    }

    [Fact]
    public async Task AnOverrideTheServerRefuses_ShowsTheServersMessage()
    {
        var merchant = await server.CreateMerchantAsync();

        var result = await merchant.RunAsync("trigger", "checkout.session.completed", "--override", "checkout_session:mode=setup");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Error: ", result.Stderr);
        Assert.Contains("param mode", result.Stderr);
        Assert.Contains("HTTP 400", result.Stderr);
        Assert.Equal(0, (await GetAsync(merchant, "/v1/checkout/sessions")).GetProperty("checkout_sessions").GetArrayLength());
    }
}
