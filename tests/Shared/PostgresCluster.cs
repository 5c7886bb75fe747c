using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace OpenCheckout.Testing;

/// <summary>A throwaway PostgreSQL cluster on 127.0.0.1, started with the machine's own binaries: <c>initdb</c> into a new
/// directory (as the <c>postgres</c> user when the tests run as root: PostgreSQL refuses to run as root), <c>pg_ctl</c> to
/// start, stop and restart it, and the directory deleted when it is disposed or the test process exits. The directory is
/// made under <c>$OPENCHECKOUT_TEST_TMP</c> when set (the test command sets it, and stops every cluster left there).</summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    static readonly Lazy<Task<PostgresCluster>> SharedCluster = new(() => StartAsync(durable: false));

    readonly string _directory;
    readonly string _bin;
    bool _disposed;

    PostgresCluster(string directory, string bin, int port)
    {
        (_directory, _bin, Port) = (directory, bin, port);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Destroy();
    }

    public int Port { get; }

    /// <summary>Connection string of <paramref name="database"/> as the superuser (trust authentication, loopback only).</summary>
    public string ConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, Pooling = false }.ConnectionString;

    /// <summary>One cluster for the whole test process: the HTTP and store suites make a database each in it. Its
    /// durability settings are off (a test never survives a crash of it), which keeps the suite fast.</summary>
    public static Task<PostgresCluster> SharedAsync() => SharedCluster.Value;

    /// <summary>A cluster of a test's own, to stop and restart. <paramref name="durable"/>: PostgreSQL's defaults (fsync on),
    /// as in production; otherwise fsync off.</summary>
    public static async Task<PostgresCluster> StartAsync(bool durable)
    {
        var bin = Binaries();
        var parent = Environment.GetEnvironmentVariable("OPENCHECKOUT_TEST_TMP") is { Length: > 0 } tmp ? tmp : Path.GetTempPath();
        var directory = Path.Combine(parent, "pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        if (Environment.IsPrivilegedProcess) await RunAsync("chown", "postgres:postgres", directory);
        var data = Path.Combine(directory, "data");
        await RunAsPostgresAsync(Path.Combine(bin, "initdb"), "-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-locale",
            "--no-sync");
        var port = FreePort();
        var settings = new List<string>
        {
            "listen_addresses = '127.0.0.1'", $"port = {port}", $"unix_socket_directories = '{directory}'", "max_connections = 400",
            "shared_buffers = 64MB", "log_min_messages = warning",
        };
        if (!durable) settings.AddRange(["fsync = off", "full_page_writes = off"]);
        await File.AppendAllLinesAsync(Path.Combine(data, "postgresql.conf"), settings);
        var cluster = new PostgresCluster(directory, bin, port);
        await cluster.StartAsync();
        return cluster;
    }

    public Task StartAsync() =>
        RunAsPostgresAsync(Path.Combine(_bin, "pg_ctl"), "-D", Path.Combine(_directory, "data"), "-l", Path.Combine(_directory, "log"), "-w", "-t", "60", "start");

    /// <summary>Stops the server: <c>fast</c> disconnects clients and shuts down cleanly; <c>immediate</c> is a crash.</summary>
    public Task StopAsync(string mode = "fast") =>
        RunAsPostgresAsync(Path.Combine(_bin, "pg_ctl"), "-D", Path.Combine(_directory, "data"), "-m", mode, "-w", "stop");

    /// <summary>A new empty database, owned by the superuser; its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string? template = null)
    {
        var name = "oc_" + Guid.NewGuid().ToString("N")[..16];
        await ExecuteAsync($"CREATE DATABASE \"{name}\"" + (template is null ? "" : $" TEMPLATE \"{template}\""));
        return ConnectionString(name);
    }

    public Task DropDatabaseAsync(string connectionString) =>
        ExecuteAsync($"DROP DATABASE IF EXISTS \"{new NpgsqlConnectionStringBuilder(connectionString).Database}\" WITH (FORCE)");

    public async Task ExecuteAsync(string sql, string database = "postgres")
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public ValueTask DisposeAsync()
    {
        Destroy();
        return ValueTask.CompletedTask;
    }

    void Destroy()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            RunAsPostgresAsync(Path.Combine(_bin, "pg_ctl"), "-D", Path.Combine(_directory, "data"), "-m", "immediate", "stop").Wait(TimeSpan.FromSeconds(30));
        }
        catch (Exception)
        {
            // Already stopped.
        }
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    static string Binaries()
    {
        var root = "/usr/lib/postgresql";
        var bin = Directory.Exists(root)
            ? Directory.GetDirectories(root).Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => d.Length).ThenByDescending(d => d).FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException(
            "PostgreSQL's server binaries were not found under /usr/lib/postgresql (apt-get install postgresql); the test command installs them.");
    }

    static Task RunAsPostgresAsync(string program, params string[] arguments) =>
        Environment.IsPrivilegedProcess ? RunAsync("runuser", ["-u", "postgres", "--", program, .. arguments]) : RunAsync(program, arguments);

    static async Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await errors}");
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
