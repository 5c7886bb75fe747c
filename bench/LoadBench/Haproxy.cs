using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OpenCheckout.Bench;

/// <summary>One server line of HAProxy's statistics (<c>show stat</c>): the node's state and what went through it.</summary>
sealed record BalancedNode(string Node, string Status, long Requests, long Answers2xx, long ConnectionErrors, long ResponseErrors,
    long Retries, long Redispatches);

/// <summary>A balanced system's HAProxy at the end of the run: its nodes and the health check it used.</summary>
sealed record BalancerStats(string Target, string HealthCheck, IReadOnlyList<BalancedNode> Nodes);

/// <summary>HAProxy in front of PostgreSQL nodes, run with the committed configuration (<c>deploy/haproxy.cfg</c>): a temp
/// copy with the server lines of the nodes not run removed, addresses from the environment as in a deployment, and a
/// statistics socket added so the bench can see that every node is up and how the requests were spread.</summary>
sealed class Haproxy
{
    public const string Executable = "/usr/sbin/haproxy";

    Haproxy(string target, AppProcess process, string socket, string healthCheck)
    {
        Target = target;
        Process = process;
        Socket = socket;
        HealthCheck = healthCheck;
    }

    public string Target { get; }
    public AppProcess Process { get; }
    public string Socket { get; }
    public string HealthCheck { get; }

    public static string? Find() => File.Exists(Executable) ? Executable
        : (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':').Select(dir => Path.Combine(dir, "haproxy")).FirstOrDefault(File.Exists);

    /// <summary>Starts HAProxy (<c>-db</c>: in the foreground, a child of the bench) before <paramref name="nodes"/> and waits
    /// until it answers and its statistics show every node UP.</summary>
    public static async Task<Haproxy> StartAsync(string executable, string repo, string directory, string target, IReadOnlyList<AppProcess> nodes,
        string healthPath, CancellationToken ct)
    {
        var committed = Path.Combine(repo, "deploy", "haproxy.cfg");
        var lines = (await File.ReadAllLinesAsync(committed, ct)).ToList();
        // The nodes not run: their server lines go, as the configuration's header says a smaller deployment does.
        var serverLines = lines.Where(l => l.TrimStart().StartsWith("server node", StringComparison.Ordinal)).ToList();
        if (serverLines.Count < nodes.Count)
            throw new InvalidOperationException($"{committed} has {serverLines.Count} server lines; {nodes.Count} nodes need as many.");
        foreach (var extra in serverLines.Skip(nodes.Count)) lines.Remove(extra);
        var check = lines.FindIndex(l => l.Trim() == "option httpchk GET /readyz");
        if (check < 0) throw new InvalidOperationException($"{committed} no longer checks GET /readyz; update the bench.");
        if (healthPath != "/readyz") lines[check] = lines[check].Replace("/readyz", healthPath, StringComparison.Ordinal);
        var global = lines.FindIndex(l => l.Trim() == "global");
        if (global < 0) throw new InvalidOperationException($"{committed} has no global section.");
        var socket = Path.Combine(directory, $"{target}.sock");
        lines.Insert(global + 1, $"    stats socket {socket} mode 600 level user"); // the bench's only addition: read-only statistics
        var config = Path.Combine(directory, $"{target}.cfg");
        await File.WriteAllLinesAsync(config, lines, ct);

        var listen = AppProcess.FreeLoopbackAddress();
        var environment = new Dictionary<string, string>
        {
            ["OC_LISTEN"] = $"127.0.0.1:{listen.Port}",
            ["OC_DEPLOY"] = Path.GetDirectoryName(committed)!, // the committed file's directory: its error pages
        };
        for (var i = 0; i < nodes.Count; i++) environment[$"OC_NODE{i + 1}"] = $"127.0.0.1:{nodes[i].BaseAddress.Port}";
        // Validate first: a configuration HAProxy refuses should say so, not time out.
        await CheckConfigurationAsync(executable, config, environment, directory, ct);
        var process = AppProcess.StartProgram($"HAProxy ({target})", executable, ["-db", "-f", config], directory, environment, listen);
        var haproxy = new Haproxy(target, process, socket, healthPath);
        try
        {
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                if (process.HasExited) throw new InvalidOperationException($"HAProxy ({target}) exited.\n{process.OutputTail()}");
                var nodesUp = File.Exists(socket) ? await haproxy.StatsAsync(ct) : [];
                if (nodesUp.Count == nodes.Count && nodesUp.All(n => n.Status == "UP")) break;
                if (deadline.Elapsed > TimeSpan.FromSeconds(30))
                    throw new TimeoutException($"HAProxy ({target}) did not see every node UP within 30 s: " +
                                               string.Join(", ", nodesUp.Select(n => $"{n.Node} {n.Status}")) + $"\n{process.OutputTail()}");
                await Task.Delay(200, ct);
            }
            return haproxy;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    static async Task CheckConfigurationAsync(string executable, string config, Dictionary<string, string> environment, string directory, CancellationToken ct)
    {
        var start = new ProcessStartInfo(executable, ["-c", "-q", "-f", config])
        {
            WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"haproxy -c refused {config} ({process.ExitCode}): {await output}{await errors}");
    }

    /// <summary>The backend's server lines from the statistics socket.</summary>
    public async Task<List<BalancedNode>> StatsAsync(CancellationToken ct)
    {
        using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await client.ConnectAsync(new UnixDomainSocketEndPoint(Socket), ct);
        }
        catch (SocketException)
        {
            return []; // not listening yet
        }
        await client.SendAsync(Encoding.ASCII.GetBytes("show stat\n"), ct);
        var text = new StringBuilder();
        var buffer = new byte[16384];
        int read;
        while ((read = await client.ReceiveAsync(buffer, ct)) > 0) text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        var rows = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (rows.Length == 0 || !rows[0].StartsWith("# ", StringComparison.Ordinal)) return [];
        var header = rows[0][2..].Split(',');
        int Column(string name) => Array.IndexOf(header, name);
        var nodes = new List<BalancedNode>();
        foreach (var row in rows.Skip(1))
        {
            var f = row.Split(',');
            string At(string name) => Column(name) is var i and >= 0 && i < f.Length ? f[i] : "";
            long Number(string name) => long.TryParse(At(name), out var n) ? n : 0;
            if (At("pxname") != "nodes" || At("svname") is "FRONTEND" or "BACKEND") continue;
            // req_tot: HTTP requests (servers have it since HAProxy 2.x); stot, connections, otherwise.
            var requests = At("req_tot").Length > 0 ? Number("req_tot") : Number("stot");
            nodes.Add(new BalancedNode(At("svname"), At("status"), requests, Number("hrsp_2xx"), Number("econ"), Number("eresp"), Number("wretr"),
                Number("wredis")));
        }
        return nodes;
    }

    /// <summary>Whether <paramref name="node"/> answers <c>GET /readyz</c> (the committed configuration's health check).</summary>
    public static async Task<bool> HasReadyzAsync(HttpClient http, AppProcess node, CancellationToken ct)
    {
        using var response = await http.GetAsync(new Uri(node.BaseAddress, "/readyz"), ct);
        return response.StatusCode == HttpStatusCode.OK;
    }
}
