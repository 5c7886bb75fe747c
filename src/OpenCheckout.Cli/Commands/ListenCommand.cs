using System.CommandLine;
using System.Net;
using OpenCheckout.Cli.Listen;
using OpenCheckout.Client;
using OpenCheckout.Webhooks;

namespace OpenCheckout.Cli.Commands;

/// <summary><c>opencheckout listen --forward-to URL</c>. Reads the account's test-mode events from the server's event stream
/// (<c>GET /v1/events/stream</c>) and forwards each to the developer's URL, re-signed with the CLI's secret. The connection goes
/// out from this machine, so the server may run anywhere that machine can reach, and nothing is registered on it. A dropped
/// connection is made again with <c>Last-Event-ID</c>, after a growing pause: the events recorded meanwhile come first.</summary>
static class ListenCommand
{
    static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(30);

    public static Command Create()
    {
        var forwardTo = new Option<string>("--forward-to", "-f")
        {
            Description = "Your app's webhook URL, e.g. http://localhost:5001/webhooks.",
            Required = true,
        };
        var events = new Option<string[]>("--events", "-e")
        {
            Description = "Event types to forward, comma-separated (e.g. checkout.session.completed,charge.dispute.created). Default: all.",
            AllowMultipleArgumentsPerToken = true,
        };
        var secret = new Option<string?>("--secret")
        {
            Description = "Sign forwarded events with this fwhsec_... secret instead of a new one, so your app's configuration survives restarts.",
        };
        var listen = new Command("listen", "Test mode: forward the server's events to a local URL, signed, one line per delivery, until SIGINT/SIGTERM.")
        {
            forwardTo, events, secret,
        };
        listen.SetCliAction(async (cli, result, ct) =>
        {
            cli.RequireTestKey("listen");
            if (!Uri.TryCreate(result.GetValue(forwardTo), UriKind.Absolute, out var target) || target.Scheme is not ("http" or "https"))
                throw new CliException($"--forward-to must be an absolute http(s) URL, not '{result.GetValue(forwardTo)}'.");
            var types = (result.GetValue(events) ?? [])
                .SelectMany(value => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Distinct().ToList();
            if (types.Count == 0) types = ["*"];
            var cliSecret = result.GetValue(secret) ?? WebhookSignature.NewSecret();
            if (!IsSecret(cliSecret)) throw new CliException("--secret must look like fwhsec_ followed by base64.");
            _ = cli.Client; // checks the key and the base URL as every command does

            // The stream's own client: no overall timeout, and no recording of bodies (the recorder reads a body to its end).
            using var streamHttp = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) }) { Timeout = Timeout.InfiniteTimeSpan };
            using var client = new OpenCheckoutClient(streamHttp, new OpenCheckoutClientOptions { ApiKey = cli.ApiKey, BaseUrl = cli.BaseUrl });
            using var forwardHttp = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
            {
                Timeout = Timeout.InfiniteTimeSpan,
            };
            var log = new DeliveryLog(cli.Out, cli.Json);
            var forwarder = new WebhookForwarder(target, cliSecret, log, forwardHttp);
            try
            {
                await ForwardAsync(client, types, log, forwarder, cliSecret, cli.BaseUrl.TrimEnd('/') + "/v1/events/stream", target, ct);
            }
            catch (Exception) when (ct.IsCancellationRequested)
            {
                // SIGINT or SIGTERM: the normal way out, whatever the read in progress threw.
            }
            log.Stopped();
            return ExitCodes.Ok;
        });
        return listen;
    }

    /// <summary>Until <paramref name="ct"/> is cancelled. A refusal of the first connection (a bad key or type, no server) is the
    /// command's error; once listening, a lost connection is made again.</summary>
    static async Task ForwardAsync(OpenCheckoutClient client, List<string> types, DeliveryLog log, WebhookForwarder forwarder, string secret,
        string streamUrl, Uri target, CancellationToken ct)
    {
        var options = new EventStreamOptions { Types = types is ["*"] ? [] : types };
        var ready = false;
        var retry = FirstRetry;
        while (true)
        {
            string reason;
            try
            {
                await using var connection = await client.Events.OpenStreamAsync(options, ct);
                if (!ready) log.Ready(secret, streamUrl, target.ToString(), types);
                else log.Reconnected(options.LastEventId);
                ready = true;
                retry = FirstRetry;
                // One at a time, in the stream's order: the app sees events as they happened.
                await foreach (var json in connection.ReadJsonAsync(ct))
                    if (await forwarder.ForwardAsync(json, ct) is { } id) options.LastEventId = id;
                reason = "the server closed it";
            }
            catch (OpenCheckoutException e) when (ready && !ct.IsCancellationRequested && e.StatusCode != HttpStatusCode.Unauthorized)
            {
                reason = e.Message;
                // The event to resume after is gone (test data deleted): carry on with new events.
                if (e.Param == "last_event_id") options.LastEventId = null;
            }
            catch (Exception e) when (ready && !ct.IsCancellationRequested && e is IOException or HttpRequestException)
            {
                reason = e.Message;
            }
            log.Disconnected(reason, retry);
            await Task.Delay(retry, ct);
            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, MaxRetry.Ticks));
        }
    }

    static bool IsSecret(string secret)
    {
        if (!secret.StartsWith(WebhookSignature.SecretPrefix, StringComparison.Ordinal) && !secret.StartsWith("whsec_", StringComparison.Ordinal))
            return false;
        try
        {
            WebhookSignature.Sign("check", 0, [], secret);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
