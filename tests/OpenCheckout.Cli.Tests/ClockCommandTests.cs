using System.Text.Json;

namespace OpenCheckout.Cli.Tests;

/// <summary><c>clocks create|advance|list</c>: a clock made at an ISO-8601 time, advanced to a unix time (waiting until ready,
/// or not), listed; bad times and live keys refused before the API is called.</summary>
public sealed class ClockCommandTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    static JsonElement Clock(CliResult result) => JsonDocument.Parse(result.Stdout).RootElement.GetProperty("test_clock");

    [Fact]
    public async Task CreateAdvanceList_MoveTheClockAndShowIt()
    {
        var merchant = await server.CreateMerchantAsync();
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var created = await merchant.RunAsync("clocks", "create", "--frozen-time", "2026-01-01T00:00:00Z", "--name", "Trial", "--json");
        Assert.True(created.ExitCode == 0, created.ToString());
        var id = Clock(created).GetProperty("test_clock_id").GetString()!;
        Assert.Equal(start.ToUnixTimeSeconds(), Clock(created).GetProperty("frozen_time").GetInt64());

        var waited = await merchant.RunAsync("clocks", "advance", id, "--to", start.AddDays(3).ToUnixTimeSeconds().ToString(), "--json");
        Assert.True(waited.ExitCode == 0, waited.ToString());
        Assert.Equal("ready", Clock(waited).GetProperty("status").GetString());
        Assert.Equal(start.AddDays(3).ToUnixTimeSeconds(), Clock(waited).GetProperty("frozen_time").GetInt64());

        var started = await merchant.RunAsync("clocks", "advance", id, "--to", "2026-01-05", "--no-wait");
        Assert.True(started.ExitCode == 0, started.ToString());
        Assert.Contains("advancing", started.Stdout);

        var list = await merchant.RunAsync("clocks", "list");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains(id, list.Stdout);
        Assert.Contains("Trial", list.Stdout);
    }

    [Fact]
    public async Task Advance_BackwardsOrWithABadTime_FailsAndSaysWhy()
    {
        var merchant = await server.CreateMerchantAsync();
        var id = Clock(await merchant.RunAsync("clocks", "create", "--frozen-time", "1767225600", "--json")).GetProperty("test_clock_id").GetString()!;

        var backwards = await merchant.RunAsync("clocks", "advance", id, "--to", "2025-12-31");
        Assert.Equal(1, backwards.ExitCode);
        Assert.Contains("test_clock_backwards", backwards.Stderr);

        var garbled = await merchant.RunAsync("clocks", "advance", id, "--to", "next tuesday");
        Assert.Equal(2, garbled.ExitCode);
        Assert.Contains("--to takes unix seconds or an ISO-8601 time", garbled.Stderr);

        var live = await merchant.RunAsync("clocks", "list", "--api-key", merchant.LiveKey);
        Assert.Equal(2, live.ExitCode);
        Assert.Contains("test mode only", live.Stderr);
    }
}
