namespace OpenCheckout.Cli;

/// <summary>A failure the user can fix (a missing key, a bad option value): printed as "Error: ..." without a stack trace.</summary>
sealed class CliException(string message, int exitCode = ExitCodes.Usage) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>The API (or the network) said no: a declined card, an unknown id, an unreachable server.</summary>
    public const int Failed = 1;
    /// <summary>The command cannot run as given: no API key, a malformed option.</summary>
    public const int Usage = 2;
}
