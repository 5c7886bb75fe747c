using System.CommandLine;

namespace OpenCheckout.Cli;

/// <summary>Options every command takes (recursive: they may stand before or after the command's name).</summary>
static class GlobalOptions
{
    public const string ApiKeyVariable = "OPENCHECKOUT_API_KEY";
    public const string BaseUrlVariable = "OPENCHECKOUT_BASE_URL";
    public const string DefaultBaseUrl = "http://localhost:5000";

    public static readonly Option<string?> ApiKey = new("--api-key")
    {
        Description = $"The secret key (fsk_test_... or fsk_...). Default: ${ApiKeyVariable}.",
        Recursive = true,
    };

    public static readonly Option<string?> BaseUrl = new("--base-url")
    {
        Description = $"Where the server listens. Default: ${BaseUrlVariable}, else {DefaultBaseUrl}.",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print the API's JSON exactly as received (one document per call, no decoration), for scripts.",
        Recursive = true,
    };
}
