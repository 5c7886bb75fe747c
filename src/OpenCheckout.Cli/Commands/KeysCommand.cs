using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OpenCheckout.Cli.Commands;

/// <summary><c>opencheckout keys create</c>. The server has no HTTP endpoint for keys, on purpose (a leaked key must not be able
/// to mint more), so this runs the server's own admin command, <c>keys create</c>, against the database directly: it works
/// where the server's files and its database are, like the server's <c>accounts</c> and <c>keys</c> commands themselves.</summary>
static partial class KeysCommand
{
    public const string ServerVariable = "OPENCHECKOUT_SERVER";

    public static Command Create()
    {
        var account = new Option<string>("--account") { Description = "The merchant account (facct_...), as printed on the server's first start.", Required = true };
        var live = new Option<bool>("--live") { Description = "Make a live key instead of a test key." };
        var database = new Option<string?>("--database")
        {
            Description = "The server's SQLite file (default: the server's own default, data/opencheckout.db under the current directory).",
        };
        var server = new Option<string?>("--server")
        {
            Description = $"The server: its OpenCheckout.Server.dll, project directory or .csproj. Default: ${ServerVariable}, else "
                + "src/OpenCheckout.Server found from the current directory upwards.",
        };
        var create = new Command("create", "Create a secret key by running the server's admin command next to its database (no HTTP endpoint exists for keys).")
        {
            account, live, database, server,
        };
        create.SetCliAction(async (cli, result, ct) =>
        {
            var accountId = result.GetValue(account)!;
            var isLive = result.GetValue(live);
            var start = ServerCommand(result.GetValue(server) ?? Environment.GetEnvironmentVariable(ServerVariable));
            foreach (var argument in (string[])["keys", "create", "--account", accountId]) start.ArgumentList.Add(argument);
            if (isLive) start.ArgumentList.Add("--live");
            if (result.GetValue(database) is { } path) start.Environment["OpenCheckout__Database__Path"] = Path.GetFullPath(path);

            var (exitCode, stdout, stderr) = await RunAsync(start, ct);
            var key = KeyPattern().Match(stdout);
            if (exitCode != 0 || !key.Success)
            {
                var reason = string.IsNullOrWhiteSpace(stderr) ? stdout : stderr;
                throw new CliException($"The server's `keys create` failed (exit code {exitCode}): {reason.Trim()}", ExitCodes.Failed);
            }

            if (cli.Json)
            {
                using var buffer = new MemoryStream();
                using (var json = new Utf8JsonWriter(buffer))
                {
                    json.WriteStartObject();
                    json.WriteString("account", accountId);
                    json.WriteString("secret_key", key.Value);
                    json.WriteBoolean("test_mode", !isLive);
                    json.WriteEndObject();
                }
                cli.Out.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            }
            else
            {
                cli.Error.WriteLine($"New {(isLive ? "live" : "test")} key for {accountId} (shown only now; only its hash is stored):");
                cli.Out.WriteLine(key.Value);
            }
            return ExitCodes.Ok;
        });
        return new Command("keys", "Secret API keys (made next to the server's database, not over HTTP).") { create };
    }

    /// <summary><c>dotnet OpenCheckout.Server.dll</c> for a built server, <c>dotnet run --project ...</c> for its source.</summary>
    static ProcessStartInfo ServerCommand(string? given)
    {
        var location = given is null ? FindProjectUpwards() : Path.GetFullPath(given);
        ProcessStartInfo start;
        if (location is not null && File.Exists(location) && location.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            start = new ProcessStartInfo("dotnet") { ArgumentList = { location } };
        else if (location is not null && (File.Exists(location) && location.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase)
                     || Directory.Exists(location) && Directory.EnumerateFiles(location, "*.csproj").Any()))
            start = new ProcessStartInfo("dotnet") { ArgumentList = { "run", "--project", location, "--verbosity", "quiet", "--" } };
        else
            throw new CliException(
                (given is null ? "Could not find the OpenCheckout server from here. " : $"'{given}' is not a server dll, project directory or .csproj. ")
                + "Keys are created by the server's admin command against its database; there is deliberately no HTTP endpoint for them. "
                + $"Run this from the OpenCheckout checkout (where src/OpenCheckout.Server is), pass --server (or set {ServerVariable}) "
                + "to the server's dll or project, or run the server's command yourself: "
                + "dotnet run --project src/OpenCheckout.Server -- keys create --account facct_...");
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        return start;
    }

    static string? FindProjectUpwards()
    {
        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            var project = Path.Combine(directory.FullName, "src", "OpenCheckout.Server", "OpenCheckout.Server.csproj");
            if (File.Exists(project)) return project;
        }
        return null;
    }

    static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(ProcessStartInfo start, CancellationToken ct)
    {
        using var process = Process.Start(start) ?? throw new CliException("Could not start `dotnet`.", ExitCodes.Failed);
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    [GeneratedRegex("fsk_(test_)?[0-9A-Za-z]{44}")]
    private static partial Regex KeyPattern();
}
