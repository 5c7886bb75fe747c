using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OpenCheckout.Bench;

/// <summary>One HTTP request shape driven by wrk: a fixed request, GETs cycling over many paths (each wrk thread starts at
/// its own offset, so connections do not ask for the same row at the same time), or, <see cref="Keyed"/>, a POST whose
/// <see cref="Body"/> has its <see cref="OrderPlaceholder"/>s replaced by a new order number per request and which carries
/// an <c>Idempotency-Key</c> unique to the request (run nonce, thread, counter), so every request creates.</summary>
sealed record HttpScenario(string Key, string Title, string Method, IReadOnlyList<string> Paths, string? Body = null, bool Keyed = false)
{
    public const string OrderPlaceholder = "{ORDER}";
}

/// <summary>wrk's own figures for one run. wrk counts as "status" errors the responses with a status of 400 or
/// more; it reports no separate count of 1xx/3xx answers, and these routes send none (the pre-checks assert 200).</summary>
sealed record WrkResult(
    long Requests,
    double Seconds,
    long Bytes,
    long ConnectErrors,
    long ReadErrors,
    long WriteErrors,
    long Timeouts,
    long Status4xx5xx,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double P999Ms,
    double MaxMs,
    double MeanMs)
{
    public long SocketErrors => ConnectErrors + ReadErrors + WriteErrors + Timeouts;
}

static class Wrk
{
    const string Marker = "LOADBENCH_RESULT ";

    /// <summary>Finds wrk on PATH, installing the Debian package when it is missing; returns its version line.</summary>
    public static async Task<(string Path, string Version)> EnsureInstalledAsync(CancellationToken ct)
    {
        if (Find() is not { } path)
        {
            Console.WriteLine("wrk is not installed; installing the Debian package (apt-get install -y wrk)...");
            if (await RunAsync("apt-get", ["install", "-y", "-q", "wrk"], ct) != 0)
            {
                await RunAsync("apt-get", ["update", "-q"], ct);
                if (await RunAsync("apt-get", ["install", "-y", "-q", "wrk"], ct) != 0)
                    throw new InvalidOperationException("Could not install wrk with apt-get; install it (apt-get install wrk) and run again.");
            }
            path = Find() ?? throw new InvalidOperationException("apt-get installed wrk, but it is not on PATH.");
        }
        var start = new ProcessStartInfo(path, "-v") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(ct) + await process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return (path, output.Split('\n').FirstOrDefault(l => l.StartsWith("wrk", StringComparison.Ordinal))?.Trim() ?? "wrk (version unknown)");
    }

    static string? Find() => (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':')
        .Select(dir => Path.Combine(dir, "wrk")).FirstOrDefault(File.Exists);

    static async Task<int> RunAsync(string file, string[] arguments, CancellationToken ct)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        try
        {
            using var process = Process.Start(start)!;
            await process.WaitForExitAsync(ct);
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }

    /// <summary>Writes the Lua script for a scenario. The API key goes into the file, not on wrk's command line.</summary>
    public static string WriteScript(string directory, HttpScenario scenario, string? apiKey)
    {
        var lua = new StringBuilder();
        lua.AppendLine($"-- LoadBench scenario {scenario.Key}: {scenario.Title}");
        if (apiKey is not null) lua.AppendLine($"wrk.headers[\"Authorization\"] = \"Bearer {apiKey}\"");
        if (scenario.Keyed)
        {
            // Headers are built here rather than taken from wrk.headers: wrk.format uses the table it is given (Host aside).
            var parts = scenario.Body!.Split(HttpScenario.OrderPlaceholder);
            lua.AppendLine($"local path = \"{scenario.Paths[0]}\"");
            lua.AppendLine("local parts = {");
            foreach (var part in parts) lua.AppendLine($"  [==[{part}]==],");
            lua.AppendLine("}");
            lua.AppendLine("local headers = { [\"Content-Type\"] = \"application/json\" }");
            if (apiKey is not null) lua.AppendLine($"headers[\"Authorization\"] = \"Bearer {apiKey}\"");
            lua.AppendLine("""
                local next_thread = 0
                function setup(thread)
                  next_thread = next_thread + 1
                  thread:set("thread_id", next_thread)
                end
                local nonce = "run"
                local n = 0
                function init(args)
                  nonce = args[1] or nonce
                end
                function request()
                  n = n + 1
                  local order = string.format("%d%07d", thread_id or 0, n)
                  local body = parts[1]
                  for k = 2, #parts do body = body .. order .. parts[k] end
                  headers["Idempotency-Key"] = nonce .. "-" .. order
                  return wrk.format("POST", path, headers, body)
                end
                """);
        }
        else if (scenario.Paths.Count == 1)
        {
            // One fixed request: wrk builds it once, the cheapest client there is.
            lua.AppendLine($"wrk.method = \"{scenario.Method}\"");
            lua.AppendLine($"wrk.path = \"{scenario.Paths[0]}\"");
            if (scenario.Body is not null)
            {
                lua.AppendLine("wrk.headers[\"Content-Type\"] = \"application/json\"");
                lua.AppendLine($"wrk.body = [==[{scenario.Body}]==]");
            }
        }
        else
        {
            lua.AppendLine("local paths = {");
            foreach (var path in scenario.Paths) lua.AppendLine($"  \"{path}\",");
            lua.AppendLine("}");
            lua.AppendLine($"local method = \"{scenario.Method}\"");
            lua.AppendLine("""
                local next_offset = 0
                function setup(thread)
                  thread:set("offset", next_offset)
                  next_offset = next_offset + 7919
                end
                local i = 0
                function init(args)
                  i = (offset or 0) % #paths
                end
                function request()
                  i = i % #paths + 1
                  return wrk.format(method, paths[i])
                end
                """);
        }
        lua.AppendLine($$"""
            function done(summary, latency, requests)
              local e = summary.errors
              io.write(string.format('{{Marker}}{"requests":%d,"duration_us":%d,"bytes":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"p999_us":%d,"max_us":%d,"mean_us":%.1f}\n',
                summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
                latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max, latency.mean))
            end
            """);
        var file = Path.Combine(directory, $"{scenario.Key}.lua");
        File.WriteAllText(file, lua.ToString());
        return file;
    }

    public static async Task<WrkResult> RunAsync(string wrk, string script, Uri baseAddress, string firstPath, int connections,
        TimeSpan duration, LoadMonitor? monitor, CancellationToken ct)
    {
        var threads = Math.Min(Environment.ProcessorCount, connections);
        var start = new ProcessStartInfo(wrk) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
                 {
                     "-t", threads.ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture),
                     "-d", $"{(int)duration.TotalSeconds}s", "--timeout", "10s", "--latency", "-s", script,
                     new Uri(baseAddress, firstPath).ToString(),
                     // The script's argument: a nonce of this run, so keyed requests never reuse an earlier run's keys.
                     "--", Guid.NewGuid().ToString("N")[..16],
                 })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start.");
        monitor?.WatchClient(process.Id);
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(duration + TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        var output = await stdout;
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith(Marker, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"wrk exited with {process.ExitCode} and no result.\n{output}\n{await stderr}");
        using var json = JsonDocument.Parse(line[Marker.Length..]);
        var r = json.RootElement;
        long L(string name) => r.GetProperty(name).GetInt64();
        double Ms(string name) => Math.Round(r.GetProperty(name).GetDouble() / 1000, 3);
        return new WrkResult(L("requests"), L("duration_us") / 1e6, L("bytes"), L("connect"), L("read"), L("write"), L("timeout"), L("status"),
            Ms("p50_us"), Ms("p90_us"), Ms("p99_us"), Ms("p999_us"), Ms("max_us"), Ms("mean_us"));
    }
}
