using System.Diagnostics;
using Npgsql;
using OpenCheckout.Testing;

namespace OpenCheckout.Bench;

/// <summary>What the run's PostgreSQL was: version and the settings that decide what a commit costs.</summary>
sealed record PostgresInfo(string Version, string Fsync, string SynchronousCommit, string FullPageWrites, string SharedBuffers, int MaxConnections,
    double DatabaseMbAfterSeeding);

/// <summary>The throwaway PostgreSQL cluster of a run (the tests' <see cref="PostgresCluster"/>, durable: fsync on, as in
/// production), made under a directory of the bench's own so that every exit path can stop and delete whatever is left
/// there, even a cluster whose start failed half-way.</summary>
static class PostgresScratch
{
    /// <summary>A new directory the <c>postgres</c> user can enter (the cluster runs as that user when the bench runs as root),
    /// where <see cref="PostgresCluster"/> will make its clusters (<c>OPENCHECKOUT_TEST_TMP</c>, read by it).</summary>
    public static string Create()
    {
        var directory = Directory.CreateTempSubdirectory("opencheckout-loadbench-pg-").FullName;
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                                            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        Environment.SetEnvironmentVariable("OPENCHECKOUT_TEST_TMP", directory);
        return directory;
    }

    /// <summary>Stops every cluster still running under <paramref name="directory"/> (<c>pg_ctl -m immediate stop</c>, as the
    /// postgres user when root) and deletes the directory. Safe to call twice.</summary>
    public static void Destroy(string directory)
    {
        if (!Directory.Exists(directory)) return;
        var pgCtl = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", "pg_ctl")).Where(File.Exists).Order().LastOrDefault()
            : null;
        foreach (var data in Directory.GetDirectories(directory, "pg-*").Select(d => Path.Combine(d, "data")))
        {
            if (pgCtl is null || !File.Exists(Path.Combine(data, "postmaster.pid"))) continue;
            try
            {
                var start = Environment.IsPrivilegedProcess
                    ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", pgCtl, "-D", data, "-m", "immediate", "-w", "stop"])
                    : new ProcessStartInfo(pgCtl, ["-D", data, "-m", "immediate", "-w", "stop"]);
                start.RedirectStandardOutput = start.RedirectStandardError = true;
                using var process = Process.Start(start)!;
                process.WaitForExit(30_000);
                Console.WriteLine($"Stopped the PostgreSQL cluster left in {data}.");
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
            {
                Console.Error.WriteLine($"Could not stop the PostgreSQL cluster in {data}: {e.Message}");
            }
        }
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Could not delete {directory}: {e.Message}");
        }
    }

    /// <summary>The connection string a node is given: what a deployment following docs/deploy.md writes, its pool sized
    /// for the PostgreSQL it shares (a few connections per core: here 8 on 2 cores, which the bench shares too).</summary>
    public static string ServerConnectionString(PostgresCluster cluster, string database) =>
        $"Host=127.0.0.1;Port={cluster.Port};Username=postgres;Database={database};Maximum Pool Size=8";

    /// <summary>The postmaster's process id: the parent of any backend.</summary>
    public static async Task<int> PostmasterPidAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
        var backend = (int)(await command.ExecuteScalarAsync(ct))!;
        var line = File.ReadLines($"/proc/{backend}/status").First(l => l.StartsWith("PPid:", StringComparison.Ordinal));
        return int.Parse(line["PPid:".Length..].Trim());
    }

    public static async Task<PostgresInfo> InfoAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        async Task<string> Show(string setting)
        {
            await using var command = new NpgsqlCommand($"SHOW {setting}", connection);
            return (string)(await command.ExecuteScalarAsync(ct))!;
        }
        await using var size = new NpgsqlCommand("SELECT pg_database_size(current_database())", connection);
        var bytes = (long)(await size.ExecuteScalarAsync(ct))!;
        return new PostgresInfo(await Show("server_version"), await Show("fsync"), await Show("synchronous_commit"), await Show("full_page_writes"),
            await Show("shared_buffers"), int.Parse(await Show("max_connections")), Math.Round(bytes / (1024.0 * 1024.0), 1));
    }
}
