using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Npgsql;
using OpenCheckout.Server.Tests.Hosting;
using OpenCheckout.Testing;
using Xunit.Abstractions;

namespace OpenCheckout.Server.Tests.Faults;

/// <summary>A production deployment on 127.0.0.1, made of real processes: a PostgreSQL cluster of its own (durable, so it
/// can be restarted or crashed), N server nodes (the Release build, each its own process) and HAProxy in front of them with
/// the committed configuration (deploy/haproxy.cfg). Everything is stopped and deleted when disposed, after the nodes'
/// warnings and HAProxy's failed requests are written to the test's output (shown when the test fails).</summary>
sealed class NodeCluster : IAsyncDisposable
{
    public static readonly string TestKey = "fsk_test_" + RandomNumberGenerator.GetString("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 44);

    readonly string _directory = Directory.CreateTempSubdirectory("opencheckout-cluster-").FullName;
    readonly ServerProcess?[] _nodes;
    readonly int[] _ports;
    readonly ITestOutputHelper _output;
    readonly System.Text.StringBuilder _haproxyLog = new();
    Process? _haproxy;

    NodeCluster(PostgresCluster postgres, string connectionString, int nodes, ITestOutputHelper output)
    {
        (Postgres, ConnectionString, _output) = (postgres, connectionString, output);
        _nodes = new ServerProcess?[nodes];
        _ports = Enumerable.Range(0, nodes).Select(_ => ServerProcess.FreePort()).ToArray();
        Balancer = new Uri($"http://127.0.0.1:{ServerProcess.FreePort()}");
    }

    public PostgresCluster Postgres { get; }
    public string ConnectionString { get; }
    public Uri Balancer { get; }
    public int NodeCount => _nodes.Length;
    public Uri Node(int index) => new($"http://127.0.0.1:{_ports[index]}");

    public static async Task<NodeCluster> StartAsync(int nodes, ITestOutputHelper output, bool balancer = true)
    {
        var postgres = await PostgresCluster.StartAsync(durable: true);
        var cluster = new NodeCluster(postgres, await postgres.CreateDatabaseAsync(), nodes, output);
        try
        {
            await cluster.StartNodeAsync(0); // the first node migrates and makes the merchant; the others find both done
            await Task.WhenAll(Enumerable.Range(1, nodes - 1).Select(cluster.StartNodeAsync));
            if (balancer) await cluster.StartBalancerAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async Task StartNodeAsync(int index) => _nodes[index] = await ServerProcess.StartAsync(_directory, new Dictionary<string, string>
    {
        ["OpenCheckout__Database__Provider"] = "Postgres",
        ["OpenCheckout__Database__ConnectionString"] = new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = true }.ConnectionString,
        ["OpenCheckout__Database__CommandTimeout"] = "00:00:03",
        ["OpenCheckout__Bootstrap__TestKey"] = TestKey,
        ["OpenCheckout__Node__Name"] = $"node{index + 1}",
        ["Logging__LogLevel__Default"] = "Warning",
    }, _ports[index]);

    /// <summary>kill -9 of one node.</summary>
    public async Task KillNodeAsync(int index)
    {
        await _nodes[index]!.KillAsync();
        await DisposeNodeAsync(index);
    }

    async Task DisposeNodeAsync(int index)
    {
        if (_nodes[index] is not { } node) return;
        await node.DisposeAsync();
        _nodes[index] = null;
        if (node.Output.Trim() is { Length: > 0 } lines) _output.WriteLine($"node{index + 1} logged (the end):\n{Tail(lines)}");
    }

    public string NodeOutput(int index) => _nodes[index]?.Output ?? "";

    async Task StartBalancerAsync()
    {
        var config = Path.Combine(_directory, "haproxy.cfg");
        // The committed file, less the servers this cluster does not have, plus a log of the requests that failed. Its 2 s
        // check timeout becomes 10 s: on a two-core machine running the whole suite, a healthy node's /readyz can stall past
        // 2 s three times running and be taken out. These tests are about nodes that die or lose their database (refused
        // connections, 503s), which the checks see at once whatever the timeout.
        var lines = File.ReadAllLines(Path.Combine(DeployDirectory, "haproxy.cfg"))
            .Where(line => !(line.TrimStart().StartsWith("server node") && int.Parse(line.TrimStart()["server node".Length..].Split(' ')[0]) > NodeCount))
            .SelectMany(line => line.Trim() switch
            {
                "global" => [line, "    log stderr format raw local0"],
                "defaults" => [line, "    log global", "    option httplog", "    option dontlog-normal"],
                "timeout check 2s" => ["    timeout check 10s"],
                _ => new[] { line },
            });
        await File.WriteAllLinesAsync(config, lines);
        var start = new ProcessStartInfo("haproxy", ["-db", "-f", config]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["OC_LISTEN"] = $"127.0.0.1:{Balancer.Port}";
        start.Environment["OC_DEPLOY"] = DeployDirectory;
        for (var i = 0; i < NodeCount; i++) start.Environment[$"OC_NODE{i + 1}"] = $"127.0.0.1:{_ports[i]}";
        _haproxy = Process.Start(start)!;
        _haproxy.OutputDataReceived += (_, e) => { lock (_haproxyLog) _haproxyLog.AppendLine(e.Data); };
        _haproxy.ErrorDataReceived += (_, e) => { lock (_haproxyLog) _haproxyLog.AppendLine(e.Data); };
        _haproxy.BeginOutputReadLine();
        _haproxy.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = Balancer };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            try
            {
                if ((await http.GetAsync("/readyz")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }
            if (_haproxy.HasExited || DateTime.UtcNow > deadline)
                lock (_haproxyLog) throw new InvalidOperationException($"HAProxy never answered /readyz with 200:\n{_haproxyLog}");
            await Task.Delay(100);
        }
    }

    static string DeployDirectory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "deploy", "haproxy.cfg"))) return Path.Combine(dir.FullName, "deploy");
            throw new InvalidOperationException("deploy/haproxy.cfg not found above the test binaries.");
        }
    }

    /// <summary>A merchant's client on <paramref name="address"/> (default: the balancer), keep-alive, no redirects.</summary>
    public HttpClient Api(Uri? address = null, TimeSpan? timeout = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = address ?? Balancer,
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestKey);
        return client;
    }

    public async Task<T> QueryAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    static string Tail(string lines) => string.Join('\n', lines.Split('\n').TakeLast(60));

    public async ValueTask DisposeAsync()
    {
        if (_haproxy is { HasExited: false })
        {
            _haproxy.Kill();
            await _haproxy.WaitForExitAsync();
        }
        lock (_haproxyLog)
            if (_haproxyLog.ToString().Trim() is { Length: > 0 } failed) _output.WriteLine($"HAProxy logged (the end):\n{Tail(failed)}");
        for (var i = 0; i < _nodes.Length; i++) await DisposeNodeAsync(i);
        await Postgres.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
