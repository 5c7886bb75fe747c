using System.CommandLine;
using OpenCheckout.Cli.Listen;
using OpenCheckout.Client;
using OpenCheckout.Webhooks;
using OpenCheckout.Wire;

namespace OpenCheckout.Cli.Commands;

/// <summary><c>opencheckout listen --forward-to URL</c>. Registers a temporary test-mode webhook endpoint pointing at a receiver
/// hosted here, and forwards what the server delivers there, re-signed with the CLI's secret; deletes the endpoint on exit.
/// Push rather than polling <c>GET /v1/events</c>: the deliveries go through the server's real pipeline (subscription
/// filter, signing, retries, delivery log) at its real speed, and the server decides what counts as delivered.</summary>
static class ListenCommand
{
    /// <summary>The description of every endpoint listen registers: how a later listen recognises one left behind.</summary>
    public const string Marker = "opencheckout listen (temporary: deleted when the CLI stops)";

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
            var client = cli.Client;
            if (Uri.TryCreate(cli.BaseUrl, UriKind.Absolute, out var server) && !server.IsLoopback)
                cli.Error.WriteLine($"Note: the server at {cli.BaseUrl} will deliver to 127.0.0.1 on its own machine; listen needs it to run on this one.");

            var log = new DeliveryLog(cli.Out, cli.Json);
            var serverSecret = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            using var forwardHttp = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
            {
                Timeout = Timeout.InfiniteTimeSpan,
            };
            var forwarder = new WebhookForwarder(target, cliSecret, serverSecret.Task, log, forwardHttp);
            await using var receiver = await LocalReceiver.StartAsync(forwarder.HandleAsync, ct);

            await RemoveStaleEndpointsAsync(cli, forwardHttp, ct);
            var endpoint = await client.Webhooks.CreateAsync(new CreateWebhookRequest(receiver.Url, types) { Description = Marker }, ct: ct);
            serverSecret.SetResult(endpoint.SigningSecret!);
            log.Ready(cliSecret, endpoint.WebhookId, target.ToString(), types);

            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                // SIGINT or SIGTERM: the normal way out.
            }
            finally
            {
                log.Stopped(endpoint.WebhookId, await DeleteAsync(client, endpoint.WebhookId));
            }
            return ExitCodes.Ok;
        });
        return listen;
    }

    /// <summary>A listen killed outright (SIGKILL, a power cut) cannot delete its endpoint. Its receiver is gone with it, so the
    /// next listen on this machine finds such endpoints by this description and a refused connection, and deletes them.</summary>
    static async Task RemoveStaleEndpointsAsync(CliContext cli, HttpClient http, CancellationToken ct)
    {
        await foreach (var endpoint in cli.Client.Webhooks.ListAutoPagingAsync(new ListOptions { Limit = 100 }, ct))
        {
            if (endpoint.Description != Marker || !Uri.TryCreate(endpoint.Url, UriKind.Absolute, out var url) || !url.IsLoopback) continue;
            try
            {
                using var probe = CancellationTokenSource.CreateLinkedTokenSource(ct);
                probe.CancelAfter(TimeSpan.FromSeconds(2));
                using var _ = await http.GetAsync(url, probe.Token);
                continue;
            }
            catch (HttpRequestException)
            {
                // Nothing listens there any more.
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                continue;   // something answers, slowly: not ours to judge
            }
            await cli.Client.Webhooks.DeleteAsync(endpoint.WebhookId, ct);
            cli.Say($"Deleted {endpoint.WebhookId}, a temporary endpoint left behind by an earlier listen that did not stop cleanly.");
        }
    }

    /// <summary>Null when the endpoint is gone; else why not (the server keeps it, disabled after Webhooks:DisableAfter of failures).</summary>
    static async Task<string?> DeleteAsync(OpenCheckoutClient client, string webhookId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await client.Webhooks.DeleteAsync(webhookId, timeout.Token);
            return null;
        }
        catch (Exception e) when (e is OpenCheckoutException or OperationCanceledException)
        {
            return e.Message;
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
