using System.Diagnostics;
using System.Net;
using System.Text.Json;
using OpenCheckout.Bench;
using OpenCheckout.Server.Tests.Features.Webhooks;
using Xunit.Abstractions;

namespace OpenCheckout.Server.Tests.Faults;

/// <summary>Several server processes on one PostgreSQL behind HAProxy (deploy/haproxy.cfg), and the faults production
/// meets: a node killed with kill -9 under load, the database restarted under load. Real processes on 127.0.0.1, bounded.</summary>
[Collection(nameof(FaultTests))]
public sealed class MultiNodeFaultTests(ITestOutputHelper output)
{
    const string Sessions = "/v1/checkout/sessions";

    static string SessionBody(string price, string reference) =>
        $$"""{"success_url":"https://shop.example/ok?session_id={CHECKOUT_SESSION_ID}","line_items":[{"price":"{{price}}","quantity":1}],"client_reference_id":"{{reference}}"}""";

    const string Card = """{"card_number":"4242424242424242"}""";

    [Fact]
    public async Task TwoNodes_FlowsAlternateBetweenThem_AndFiftyConcurrentPaysOfOneSessionMakeOnePayment()
    {
        await using var cluster = await NodeCluster.StartAsync(nodes: 2, output);
        using var api = cluster.Api();
        using var buyer = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = cluster.Balancer };
        var price = await CheckoutFlow.CreatePriceAsync(api, CancellationToken.None);

        // Round robin: each flow's create, page, pay and read land on alternating nodes, so a page rendered by one node is
        // posted to the other (shared Data Protection keys) and every read sees the other node's write.
        for (var i = 0; i < 6; i++) await new CheckoutFlow(api, buyer, price).RunAsync(CancellationToken.None);

        var session = JsonDocument.Parse(await (await api.PostJsonAsync(Sessions, SessionBody(price, "race"))).Content.ReadAsStringAsync())
            .RootElement.GetProperty("checkout_session").Id();
        var pays = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => api.PostJsonAsync($"/v1/test_helpers/checkout/sessions/{session}/pay", Card)));

        var statuses = pays.GroupBy(p => (int)p.StatusCode).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine("50 concurrent pays of one session over 2 nodes: " + string.Join(", ", statuses.Select(s => $"{s.Value}×{s.Key}")));
        Assert.Equal(1, statuses.GetValueOrDefault(200));
        Assert.All(pays, p => Assert.True(p.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, p.StatusCode.ToString()));
        Assert.Equal(1L, await cluster.QueryAsync<long>(
            $"SELECT count(*) FROM \"PaymentIntents\" WHERE \"SessionId\" = '{session}' AND \"Status\" = 'succeeded'"));
        Assert.Equal(7L, await cluster.QueryAsync<long>("SELECT count(*) FROM \"CheckoutSessions\" WHERE \"Status\" = 'complete'"));
    }

    [Fact]
    public async Task NodeKilledUnderKeyedLoad_EveryAcknowledgedWriteStays_EveryKeyMakesOneObject_EveryEventIsDeliveredBySurvivors()
    {
        const int Workers = 16, PerWorker = 8;
        await using var cluster = await NodeCluster.StartAsync(nodes: 2, output);
        await using var receiver = await WebhookReceiver.StartAsync();
        using var api = cluster.Api(timeout: TimeSpan.FromSeconds(10));
        var price = await CheckoutFlow.CreatePriceAsync(api, CancellationToken.None);
        Assert.Equal(HttpStatusCode.OK, (await api.PostJsonAsync("/v1/webhooks",
            JsonSerializer.Serialize(new { webhook = new { url = receiver.Url(), events = new[] { "checkout.session.completed" } } }))).StatusCode);
        var client = new KeyedClient(api);

        var killedAt = TimeSpan.Zero;
        var killer = Task.Run(async () =>
        {
            while (client.Acknowledged.Count < Workers * PerWorker / 2) await Task.Delay(10);
            killedAt = client.Now;
            await cluster.KillNodeAsync(1);
        });
        var results = await Task.WhenAll(Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
        {
            var answers = new List<(KeyedClient.Answer? Create, KeyedClient.Answer? Pay)>();
            for (var i = 0; i < PerWorker; i++)
            {
                var key = $"order-{w}-{i}";
                var create = await client.PostAsync(Sessions, SessionBody(price, key), key);
                var pay = KeyedClient.Is2xx(create)
                    ? await client.PostAsync($"/v1/test_helpers/checkout/sessions/{create!.Body.GetProperty("checkout_session").Id()}/pay", Card, key + "-pay")
                    : null;
                answers.Add((create, pay));
            }
            return answers;
        })));
        await killer;
        var loadEnded = client.Now;
        var all = results.SelectMany(r => r).ToList();

        // Every completed session's event reaches the receiver, sent by the surviving node (the killed node's claims released).
        var sessionIds = all.Select(a => a.Create!.Body.GetProperty("checkout_session").Id()).ToHashSet();
        var deadline = Stopwatch.StartNew();
        HashSet<string> delivered;
        while ((delivered = DeliveredSessions(receiver)).Count < sessionIds.Count && deadline.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(200);
        var deliveredAfter = deadline.Elapsed;
        // The killed instance is found gone, and the deliveries it held are sent again, within 20 s of the kill.
        long stuck, killedInstanceLive = 0;
        while (((stuck = await cluster.QueryAsync<long>("SELECT count(*) FROM \"WebhookDeliveries\" WHERE \"Status\" <> 'succeeded'")) > 0
                || (killedInstanceLive = await cluster.QueryAsync<long>("SELECT count(*) FROM \"NodeInstances\" WHERE \"Name\" = 'node2' AND \"StoppedAt\" IS NULL")) > 0)
               && client.Now - killedAt < TimeSpan.FromSeconds(20))
            await Task.Delay(200);
        var settledAfterKill = client.Now - killedAt;
        var sessions = await cluster.QueryAsync<long>("SELECT count(*) FROM \"CheckoutSessions\"");
        var references = await cluster.QueryAsync<long>("SELECT count(DISTINCT \"ClientReferenceId\") FROM \"CheckoutSessions\"");
        var payments = await cluster.QueryAsync<long>("SELECT count(*) FROM \"PaymentIntents\" WHERE \"Status\" = 'succeeded'");
        var lastAnswer = all.Max(a => a.Pay?.AnsweredAt ?? TimeSpan.Zero);

        output.WriteLine($"keys: {all.Count} creates + {all.Count} pays, node2 killed at {killedAt.TotalSeconds:0.0} s, load ended at {loadEnded.TotalSeconds:0.0} s");
        output.WriteLine($"acknowledged (2xx): {client.Acknowledged.Count}; unanswered attempts retried: {client.Unanswered.Count}; 409 in use: {client.InUse.Count}" +
            $" (last {(client.InUse.IsEmpty ? 0 : (client.InUse.Max(x => x.At) - killedAt).TotalSeconds):0.0} s after the kill); replays: {all.Count(a => a.Create!.Replayed) + all.Count(a => a.Pay?.Replayed == true)}");
        output.WriteLine($"found afterwards: {sessions} sessions for {references} keys, {payments} payments; events delivered: {delivered.Count} of {sessionIds.Count} " +
            $"({deliveredAfter.TotalSeconds:0.0} s after the load); deliveries not succeeded: {stuck}; killed instance still live: {killedInstanceLive} ({settledAfterKill.TotalSeconds:0.0} s after the kill)");

        Assert.All(all, a => Assert.True(KeyedClient.Is2xx(a.Create) && KeyedClient.Is2xx(a.Pay), $"{a.Create?.Key}: {a.Create?.Status} / {a.Pay?.Status}"));
        Assert.Equal(Workers * PerWorker, client.Acknowledged.Count / 2);
        Assert.Equal(all.Count, sessions); // no duplicate per key, and nothing acknowledged is missing
        Assert.Equal(all.Count, references);
        Assert.Equal(all.Count, payments);
        Assert.Equal(sessionIds, delivered);
        Assert.Equal(0, stuck);
        Assert.Equal(0, killedInstanceLive);
        Assert.True(lastAnswer - killedAt < TimeSpan.FromSeconds(20), $"the last key was answered {(lastAnswer - killedAt).TotalSeconds:0.0} s after the kill");
    }

    [Fact]
    public async Task DatabaseRestartedUnderLoad_Answers503WithTheErrorShape_ReadyzGoesRedThenGreen_NoAcknowledgedWriteLost()
    {
        await using var cluster = await NodeCluster.StartAsync(nodes: 2, output);
        using var api = cluster.Api(cluster.Node(0), timeout: TimeSpan.FromSeconds(10));
        using var probe = new HttpClient { BaseAddress = cluster.Node(1), Timeout = TimeSpan.FromSeconds(10) };
        var price = await CheckoutFlow.CreatePriceAsync(api, CancellationToken.None);
        var pageSession = JsonDocument.Parse(await (await api.PostJsonAsync(Sessions, SessionBody(price, "page"))).Content.ReadAsStringAsync())
            .RootElement.GetProperty("checkout_session").Id();
        var answers = new System.Collections.Concurrent.ConcurrentQueue<(int Status, string Body, string Reference, TimeSpan At)>();
        var readiness = new System.Collections.Concurrent.ConcurrentQueue<(TimeSpan At, int Status)>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();

        var load = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var reference = $"w{w}-{i}";
                var status = 0;
                var retryAfter = TimeSpan.FromMilliseconds(250);
                try
                {
                    using var response = await api.PostJsonAsync(Sessions, SessionBody(price, reference), idempotencyKey: reference);
                    status = (int)response.StatusCode;
                    if (response.Headers.RetryAfter?.Delta is { } delta) retryAfter = delta;
                    answers.Enqueue((status, await response.Content.ReadAsStringAsync(), reference, clock.Elapsed));
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    answers.Enqueue((0, e.GetType().Name, reference, clock.Elapsed));
                }
                // A steady load, faster than the key's rate limit (100/s); after a failure a client waits as the answer says
                // (Retry-After: a 503 while the database is away, a 429 past the rate) before its next order.
                await Task.Delay(status == 200 ? TimeSpan.FromMilliseconds(10) : status == 429 ? retryAfter : TimeSpan.FromMilliseconds(250));
            }
        })).ToList();
        var watcher = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var ready = await probe.GetAsync("/readyz");
                    readiness.Enqueue((clock.Elapsed, (int)ready.StatusCode));
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    readiness.Enqueue((clock.Elapsed, 0));
                }
                await Task.Delay(250);
            }
        });

        await Task.Delay(TimeSpan.FromSeconds(2));
        var downAt = clock.Elapsed;
        await cluster.Postgres.StopAsync("immediate"); // a crash: PostgreSQL recovers from its WAL at start
        await Task.Delay(TimeSpan.FromSeconds(2));
        using (var page = await probe.GetAsync($"/pay/c/{pageSession}")) // a buyer on the hosted page meanwhile
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.True(page.Headers.RetryAfter is not null);
        }
        await Task.Delay(TimeSpan.FromSeconds(2));
        await cluster.Postgres.StartAsync();
        var upAt = clock.Elapsed;
        while (clock.Elapsed - upAt < TimeSpan.FromSeconds(15))
        {
            if (readiness.Any(r => r.At > upAt && r.Status == 200)) break;
            await Task.Delay(100);
        }
        var greenAt = readiness.FirstOrDefault(r => r.At > upAt && r.Status == 200).At;
        await Task.Delay(TimeSpan.FromSeconds(2)); // load on the recovered database
        await stop.CancelAsync();
        await Task.WhenAll(load);
        await watcher;

        // What a merchant's server does next: sends every request that got no answer again, with its key.
        var client = new KeyedClient(api);
        var unanswered = new System.Collections.Concurrent.ConcurrentQueue<string>(answers.Where(a => a.Status != 200).Select(a => a.Reference));
        var retried = (await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var mine = new List<KeyedClient.Answer?>();
            while (unanswered.TryDequeue(out var reference)) mine.Add(await client.PostAsync(Sessions, SessionBody(price, reference), reference));
            return mine;
        })))).SelectMany(r => r).ToArray();
        var retriesDone = clock.Elapsed;
        var byStatus = answers.GroupBy(a => a.Status).ToDictionary(g => g.Key, g => g.Count());
        var acknowledged = answers.Where(a => a.Status == 200).Select(a => a.Reference).ToHashSet();
        var stored = await cluster.QueryAsync<long>("SELECT count(*) FROM \"CheckoutSessions\"");
        var storedKeys = await cluster.QueryAsync<long>("SELECT count(DISTINCT \"ClientReferenceId\") FROM \"CheckoutSessions\"");
        var storedAcknowledged = await cluster.QueryAsync<long>(
            $"SELECT count(*) FROM \"CheckoutSessions\" WHERE \"ClientReferenceId\" IN ({string.Join(',', acknowledged.Select(r => $"'{r}'"))})");
        output.WriteLine($"answers: {string.Join(", ", byStatus.OrderBy(s => s.Key).Select(s => $"{s.Value}×{(s.Key == 0 ? "no answer" : s.Key)}"))}");
        output.WriteLine($"database down at {downAt.TotalSeconds:0.0} s, up at {upAt.TotalSeconds:0.0} s; /readyz: " +
            $"red {readiness.Count(r => r.At > downAt && r.At < upAt && r.Status != 200)} of {readiness.Count(r => r.At > downAt && r.At < upAt)} probes while down, " +
            $"green {(greenAt - upAt).TotalSeconds:0.0} s after the restart; acknowledged {acknowledged.Count}, stored {stored} (acknowledged among them: {storedAcknowledged})");
        output.WriteLine($"unanswered keys sent again: {retried.Length}, answered {retried.Count(KeyedClient.Is2xx)} (replays {retried.Count(r => r?.Replayed == true)}), " +
            $"409 in use {client.InUse.Count}, in {(retriesDone - greenAt).TotalSeconds:0.0} s; sessions {stored} for {storedKeys} keys");

        Assert.DoesNotContain(500, byStatus.Keys);
        Assert.True(byStatus.GetValueOrDefault(503) > 0, "no request met the outage");
        Assert.All(answers.Where(a => a.Status == 503), a =>
        {
            var error = JsonDocument.Parse(a.Body).RootElement.GetProperty("error");
            Assert.Equal("api_error", error.GetProperty("type").GetString());
            Assert.Equal("service_unavailable", error.GetProperty("code").GetString());
        });
        Assert.All(answers, a => Assert.True(a.Status is 200 or 503 or 429, $"{a.Status}: {a.Body}"));
        Assert.Contains(readiness, r => r.At > downAt && r.At < upAt && r.Status == 503);
        Assert.True(greenAt > upAt && greenAt - upAt < TimeSpan.FromSeconds(10), $"/readyz green {(greenAt - upAt).TotalSeconds:0.0} s after the database returned");
        Assert.Equal(acknowledged.Count, storedAcknowledged);
        Assert.All(retried, r => Assert.True(KeyedClient.Is2xx(r), $"{r?.Key}: {r?.Status}"));
        Assert.Equal(storedKeys, stored); // one session per key, however often it was sent
        Assert.Equal(answers.Select(a => a.Reference).Distinct().Count() + 1, stored); // and the one the hosted page showed
        Assert.Contains(answers, a => a.Status == 200 && a.At > greenAt); // the node recovered without a restart
    }

    static HashSet<string> DeliveredSessions(WebhookReceiver receiver) =>
        receiver.Received.Select(r => r.Json.GetProperty("object").GetProperty("checkout_session").GetProperty("id").GetString()!).ToHashSet();
}

/// <summary>The fault tests start processes and clusters of their own: one at a time, beside the rest of the suite.</summary>
[CollectionDefinition(nameof(FaultTests))]
public sealed class FaultTests;
