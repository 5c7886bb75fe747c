using Npgsql;
using OpenCheckout.Server.Infrastructure.Nodes;

namespace OpenCheckout.Server.Infrastructure.Data.Postgres;

/// <summary>Listens on one connection for the signals other nodes send with their commits (LISTEN/NOTIFY, payload = the
/// signal's name) and raises them here. The connection is reopened whenever it is lost (TCP keepalives notice a vanished
/// server); signals sent meanwhile were missed, so every handler runs once it listens again.</summary>
sealed class PostgresSignalListener(NpgsqlDataSource dataSource, NodeSignals signals, ILogger<PostgresSignalListener> log) : BackgroundService
{
    public const string Channel = "opencheckout";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lost = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => signals.Raise(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection)) await listen.ExecuteNonQueryAsync(stoppingToken);
                if (lost) log.LogInformation("Listening for other nodes' signals again");
                lost = false;
                signals.RaiseAll();
                while (true) await connection.WaitAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                if (!lost) log.LogWarning("Lost the connection that listens for other nodes' signals ({Error}); reconnecting", e.GetBaseException().Message);
                lost = true;
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }
}
