using System.Net.Http.Headers;
using Microsoft.Data.Sqlite;
using OpenCheckout.Bench;
using OpenCheckout.Server.Tests.Hosting;
using Xunit.Abstractions;

namespace OpenCheckout.Server.Tests.Faults;

/// <summary>The embedded default, killed with kill -9 under keyed load and started again on the same file: every
/// acknowledged create is there, and every key retried after the restart is answered at once — its first result, or run
/// once — without a 409 for a claim the dead process held.</summary>
[Collection(nameof(FaultTests))]
public sealed class SqliteCrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    readonly string _directory = Directory.CreateTempSubdirectory("opencheckout-crash-").FullName;
    string DatabasePath => Path.Combine(_directory, "opencheckout.db");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    Task<ServerProcess> StartAsync(int port = 0) => ServerProcess.StartAsync(_directory, new Dictionary<string, string>
    {
        ["OpenCheckout__Database__Path"] = DatabasePath,
        ["OpenCheckout__Bootstrap__TestKey"] = NodeCluster.TestKey,
        ["Logging__LogLevel__Default"] = "Warning",
    }, port);

    [Fact]
    public async Task KilledUnderKeyedCreates_RestartedOnTheSameFile_EveryKeyMakesOneSession_AndRetriesAreAnsweredWithoutA409()
    {
        const int Workers = 16, PerWorker = 12;
        var server = await StartAsync();
        using var api = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", NodeCluster.TestKey);
        var price = await CheckoutFlow.CreatePriceAsync(api, CancellationToken.None);
        var client = new KeyedClient(api);

        var restartedAt = TimeSpan.Zero;
        var crasher = Task.Run(async () =>
        {
            while (client.Acknowledged.Count < Workers * PerWorker / 2) await Task.Delay(5);
            await server.KillAsync();
            await server.DisposeAsync();
            server = await StartAsync(server.Port);
            restartedAt = client.Now;
        });
        var answers = (await Task.WhenAll(Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
        {
            var mine = new List<KeyedClient.Answer?>();
            for (var i = 0; i < PerWorker; i++)
            {
                var key = $"order-{w}-{i}";
                mine.Add(await client.PostAsync("/v1/checkout/sessions",
                    $$"""{"success_url":"https://shop.example/ok","line_items":[{"price":"{{price}}","quantity":1}],"client_reference_id":"{{key}}"}""", key));
            }
            return mine;
        })))).SelectMany(a => a).ToList();
        await crasher;
        await server.DisposeAsync();

        await using var db = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await db.OpenAsync();
        await using var count = db.CreateCommand();
        count.CommandText = "SELECT count(*), count(DISTINCT ClientReferenceId) FROM CheckoutSessions";
        await using var reader = await count.ExecuteReaderAsync();
        await reader.ReadAsync();
        var (sessions, keys) = (reader.GetInt64(0), reader.GetInt64(1));
        var lastAnswer = answers.Max(a => a?.AnsweredAt ?? TimeSpan.MaxValue);
        var inUseAfterRestart = client.InUse.Count(x => x.At > restartedAt);
        output.WriteLine($"keys: {answers.Count}; acknowledged: {client.Acknowledged.Count}; attempts unanswered (retried): {client.Unanswered.Count}; " +
            $"replays: {answers.Count(a => a?.Replayed == true)}; 409 after the restart: {inUseAfterRestart}; last key answered " +
            $"{(lastAnswer - restartedAt).TotalSeconds:0.0} s after the restart; found afterwards: {sessions} sessions for {keys} keys");

        Assert.All(answers, a => Assert.True(KeyedClient.Is2xx(a), $"{a?.Key}: {a?.Status}"));
        Assert.Equal(answers.Count, sessions);
        Assert.Equal(answers.Count, keys);
        Assert.Equal(0, inUseAfterRestart);
        Assert.True(lastAnswer - restartedAt < TimeSpan.FromSeconds(20));
    }
}
