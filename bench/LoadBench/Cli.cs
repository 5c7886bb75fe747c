using System.Globalization;
using System.Security.Cryptography;

namespace OpenCheckout.Bench;

/// <summary>"--name value" and "--flag" options; anything not asked for is an error, so a typo cannot silently
/// change what is measured.</summary>
sealed class Cli(string[] args)
{
    readonly HashSet<int> _used = [];

    public string? Error { get; private set; }

    public bool Flag(string name)
    {
        var index = Array.IndexOf(args, name);
        if (index >= 0) _used.Add(index);
        return index >= 0;
    }

    public string? Value(string name)
    {
        var index = Array.IndexOf(args, name);
        if (index < 0) return null;
        _used.Add(index);
        if (index + 1 >= args.Length)
        {
            Fail($"{name} needs a value.");
            return null;
        }
        _used.Add(index + 1);
        return args[index + 1];
    }

    public int Int(string name, int fallback, int min, int max)
    {
        if (Value(name) is not { } raw) return fallback;
        if (int.TryParse(raw, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            return value;
        Fail($"{name} must be an integer from {min:N0} to {max:N0}.");
        return fallback;
    }

    public void RejectUnknown()
    {
        for (var i = 0; i < args.Length; i++)
            if (!_used.Contains(i)) Fail($"Unknown option {args[i]}.");
    }

    public void Fail(string message) => Error ??= message;
}

sealed record RunOptions(
    bool Quick,
    int DurationSeconds,
    int WarmupSeconds,
    int Rounds,
    IReadOnlyList<int> Connections,
    int SmallSessions,
    int LargeSessions,
    bool Growth,
    bool Build,
    string? Out,
    IReadOnlyList<string> Targets,
    IReadOnlyList<int> PgConnections,
    int PgSessions,
    bool RequestLogOff = false)
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";
    public const string Haproxy1 = "haproxy1";
    public const string Haproxy2 = "haproxy2";
    public static readonly string[] AllTargets = [Sqlite, Postgres, Haproxy1, Haproxy2];

    public bool Runs(string target) => Targets.Contains(target);

    /// <summary>Whether any target needs the PostgreSQL cluster and its first node.</summary>
    public bool UsesPostgres => Runs(Postgres) || Runs(Haproxy1) || Runs(Haproxy2);

    public static RunOptions? From(Cli cli)
    {
        var quick = cli.Flag("--quick");
        var duration = cli.Int("--duration", quick ? 3 : 10, 1, 60);
        // The server tiers up thousands of methods under load; on 2 shared cores that takes about 10 s, so shorter
        // warm-ups measured the JIT as much as the server (and not the baseline, which has far fewer methods).
        var warmup = cli.Int("--warmup", quick ? 5 : 10, 0, 60);
        // A 10 s window on this shared machine can be 10-25% off its neighbours; more rounds give each figure as the median.
        var rounds = cli.Int("--rounds", 1, 1, 3); // 3 rounds of every target take ~30 minutes here (~23 with --no-growth); the run is bounded to 45
        var connections = new List<int>();
        foreach (var part in (cli.Value("--connections") ?? "16,64,256").Split(','))
            if (int.TryParse(part, out var c) && c is >= 1 and <= 1024) connections.Add(c);
            else cli.Fail("--connections must be a comma-separated list of integers from 1 to 1024.");
        var small = cli.Int("--small-sessions", 10_000, 100, 1_000_000);
        var large = cli.Int("--sessions", quick ? 100_000 : 1_000_000, 1_000, 5_000_000);
        var growth = !cli.Flag("--no-growth");
        // The servers with OpenTelemetry's metrics on, as an operator scraping /metrics runs them: what telemetry costs.
        if (cli.Flag("--telemetry"))
        {
            AppProcess.ServerSettings["OpenCheckout__Telemetry__Enabled"] = "true";
            AppProcess.ServerSettings["OpenCheckout__Telemetry__PrometheusToken"] = "bench";
        }
        // One more SQLite server, on a copy of the small database, with the request log off, measured in the same turns as the
        // others: what the request log costs the API, from one run.
        var requestLogOff = cli.Flag("--request-log-off");
        var build = !cli.Flag("--no-build");
        var output = cli.Value("--out") is { } path ? Path.GetFullPath(path) : null;
        var targets = new List<string>();
        foreach (var part in (cli.Value("--targets") ?? string.Join(',', AllTargets)).Split(',', StringSplitOptions.TrimEntries))
            if (AllTargets.Contains(part)) targets.Add(part);
            else cli.Fail($"--targets must be a comma-separated list of {string.Join(", ", AllTargets)} (unknown: '{part}').");
        if (targets.Count == 0) cli.Fail("--targets names no target.");
        // The PostgreSQL and HAProxy targets run at 64 connections unless told otherwise: three more systems at every
        // concurrency would take a three-round run past half an hour.
        var pgConnections = new List<int>();
        foreach (var part in (cli.Value("--pg-connections") ?? "64").Split(','))
            if (int.TryParse(part, out var c) && c is >= 1 and <= 1024) pgConnections.Add(c);
            else cli.Fail("--pg-connections must be a comma-separated list of integers from 1 to 1024.");
        var pgSessions = cli.Int("--pg-sessions", 10_000, 100, 200_000);
        cli.RejectUnknown();
        return cli.Error is null
            ? new RunOptions(quick, duration, warmup, rounds, connections.Distinct().Order().ToList(), small, large, growth, build, output,
                AllTargets.Where(targets.Contains).ToList(), pgConnections.Distinct().Order().ToList(), pgSessions, requestLogOff)
            : null;
    }
}

static class TestKeys
{
    /// <summary>A fresh test key in the server's format, used as the bootstrap key of a bench database.</summary>
    public static string New() => "fsk_test_" + RandomNumberGenerator.GetString("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 44);
}
