using System.CommandLine;
using OpenCheckout.Client;

namespace OpenCheckout.Cli.Commands;

static class CommandActions
{
    /// <summary>Runs <paramref name="action"/> with a <see cref="CliContext"/>, turning the failures a user can act on into one
    /// "Error: ..." line on stderr and an exit code, instead of a stack trace.</summary>
    public static void SetCliAction(this Command command, Func<CliContext, ParseResult, CancellationToken, Task<int>> action) =>
        command.SetAction(async (result, ct) =>
        {
            using var context = new CliContext(result);
            try
            {
                return await action(context, result, ct);
            }
            catch (CliException e)
            {
                context.Error.WriteLine($"Error: {e.Message}");
                return e.ExitCode;
            }
            catch (OpenCheckoutException e)
            {
                context.ReportApiError(e);
                return ExitCodes.Failed;
            }
        });

    /// <summary><c>key=value</c> pairs from a repeatable option, e.g. <c>--metadata order=42 --metadata channel=web</c>.</summary>
    public static IReadOnlyDictionary<string, string>? Metadata(string[]? pairs)
    {
        if (pairs is null || pairs.Length == 0) return null;
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0) throw new CliException($"--metadata takes key=value, not '{pair}'.");
            metadata[pair[..equals]] = pair[(equals + 1)..];
        }
        return metadata;
    }

    public static Option<string[]> MetadataOption() =>
        new("--metadata") { Description = "A metadata entry as key=value; repeat for more.", AllowMultipleArgumentsPerToken = false };

    public static Argument<string> IdArgument(string what) => new("id") { Description = $"The {what}'s id." };
}

/// <summary><c>--limit</c>, <c>--starting-after</c>, <c>--ending-before</c>: one page of a list, newest first.</summary>
sealed class PagingOptions
{
    public Option<int?> Limit { get; } = new("--limit") { Description = "How many to show, 1–100 (server default 10)." };
    public Option<string?> StartingAfter { get; } = new("--starting-after") { Description = "The page after this id (the last one shown)." };
    public Option<string?> EndingBefore { get; } = new("--ending-before") { Description = "The page before this id." };

    public void AddTo(Command command)
    {
        command.Options.Add(Limit);
        command.Options.Add(StartingAfter);
        command.Options.Add(EndingBefore);
    }

    public T Apply<T>(ParseResult result, T options) where T : ListOptions => (T)(options with
    {
        Limit = result.GetValue(Limit),
        StartingAfter = result.GetValue(StartingAfter),
        EndingBefore = result.GetValue(EndingBefore),
    });
}
