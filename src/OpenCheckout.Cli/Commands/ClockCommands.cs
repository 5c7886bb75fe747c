using System.CommandLine;
using System.Globalization;
using OpenCheckout.Client;
using OpenCheckout.Wire;

namespace OpenCheckout.Cli.Commands;

/// <summary><c>opencheckout clocks ...</c>: test clocks (test mode), to move time for the customers made on them.</summary>
static class ClockCommands
{
    public static Command Clocks()
    {
        var paging = new PagingOptions();
        var list = new Command("list", "List test clocks, newest first.");
        paging.AddTo(list);
        list.SetCliAction(async (cli, result, ct) =>
        {
            cli.RequireTestKey("clocks list");
            var page = await cli.Client.TestClocks.ListAsync(paging.Apply(result, new ListOptions()), ct);
            if (cli.Json) cli.WriteRawJson();
            else Render.Page(cli.Terminal, page.Data, page.HasMore, "test clocks", ["ID", "NAME", "FROZEN TIME", "STATUS", "CREATED"],
                c => [c.Id, c.Name, Render.Time(c.FrozenTime), c.Status, Render.Time(c.CreatedAt)], c => c.Id);
            return ExitCodes.Ok;
        });

        var getId = CommandActions.IdArgument("test clock");
        var get = new Command("get", "Show one test clock.") { getId };
        get.SetCliAction(async (cli, result, ct) =>
        {
            cli.RequireTestKey("clocks get");
            Show(cli, await cli.Client.TestClocks.GetAsync(result.GetValue(getId)!, ct));
            return ExitCodes.Ok;
        });

        var deleteId = CommandActions.IdArgument("test clock");
        var delete = new Command("delete", "Delete a test clock with its customers (their open sessions are expired).") { deleteId };
        delete.SetCliAction(async (cli, result, ct) =>
        {
            cli.RequireTestKey("clocks delete");
            var deleted = await cli.Client.TestClocks.DeleteAsync(result.GetValue(deleteId)!, ct);
            if (cli.Json) cli.WriteRawJson();
            else cli.Out.WriteLine($"Deleted {deleted.Id}.");
            return ExitCodes.Ok;
        });

        return new Command("clocks", "Test clocks: create one, make customers on it (test_clock), advance it to run what falls due.")
        {
            list, get, Create(), Advance(), delete,
        };
    }

    static Command Create()
    {
        var frozenTime = new Option<string?>("--frozen-time") { Description = "The clock's starting time: unix seconds or ISO-8601 (default: now)." };
        var name = new Option<string?>("--name") { Description = "A name to tell the clock by." };
        var create = new Command("create", "Create a test clock.") { frozenTime, name };
        create.SetCliAction(async (cli, result, ct) =>
        {
            cli.RequireTestKey("clocks create");
            var time = result.GetValue(frozenTime) is { } text ? ParseTime("--frozen-time", text) : DateTimeOffset.UtcNow;
            Show(cli, await cli.Client.TestClocks.CreateAsync(new CreateTestClockRequest { FrozenTime = time.ToUnixTimeSeconds(), Name = result.GetValue(name) }, ct: ct));
            return ExitCodes.Ok;
        });
        return create;
    }

    static Command Advance()
    {
        var id = CommandActions.IdArgument("test clock");
        var to = new Option<string>("--to") { Description = "The time to move the clock to: unix seconds or ISO-8601.", Required = true };
        var noWait = new Option<bool>("--no-wait") { Description = "Return once the advance has started (status advancing) instead of when the clock is ready." };
        var advance = new Command("advance", "Move a test clock forward (at most two years); waits until everything due on the way has run.")
        {
            id, to, noWait,
        };
        advance.SetCliAction(async (cli, result, ct) =>
        {
            cli.RequireTestKey("clocks advance");
            var clockId = result.GetValue(id)!;
            var target = ParseTime("--to", result.GetValue(to)!);
            var clock = await cli.Client.TestClocks.AdvanceAsync(clockId, target, ct: ct);
            if (!result.GetValue(noWait))
            {
                cli.Say($"Advancing {clockId} to {Render.Time(target.ToUnixTimeSeconds())}...");
                clock = await cli.Client.TestClocks.WaitUntilReadyAsync(clockId, ct: ct);
            }
            Show(cli, clock);
            return ExitCodes.Ok;
        });
        return advance;
    }

    /// <summary>Unix seconds (<c>1767225600</c>) or an ISO-8601 time (<c>2026-01-01</c>, <c>2026-01-01T12:00:00Z</c>; UTC unless it
    /// says otherwise).</summary>
    public static DateTimeOffset ParseTime(string option, string text)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= 253402300799)
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
            return time;
        throw new CliException($"{option} takes unix seconds or an ISO-8601 time (e.g. 2026-01-01T12:00:00Z), not '{text}'.");
    }

    static void Show(CliContext cli, TestClock c)
    {
        if (cli.Json)
        {
            cli.WriteRawJson();
            return;
        }
        cli.Terminal.Write(Render.Details(("id", c.Id), ("name", c.Name), ("frozen time", Render.Time(c.FrozenTime)), ("status", c.Status),
            ("created", Render.Time(c.CreatedAt))));
    }
}
