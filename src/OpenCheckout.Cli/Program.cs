using System.CommandLine;
using System.CommandLine.Invocation;
using OpenCheckout.Cli;
using OpenCheckout.Cli.Commands;

var root = new RootCommand("opencheckout: the OpenCheckout API from the command line. Forward webhooks to localhost, trigger test events, "
    + "pay test sessions headlessly, manage products, prices and checkout sessions.")
{
    GlobalOptions.ApiKey,
    GlobalOptions.BaseUrl,
    GlobalOptions.Json,
    CatalogCommands.Products(),
    CatalogCommands.Prices(),
    SessionCommands.Sessions(),
    ClockCommands.Clocks(),
    TriggerCommand.Create(),
    FixturesCommand.Create(),
    ResetCommand.Create(),
    ListenCommand.Create(),
    KeysCommand.Create(),
};

var parsed = root.Parse(args);
if (parsed.Action is ParseErrorAction)
{
    UsageErrors.Write(parsed, Console.Error);
    return ExitCodes.Usage;
}
// SIGINT/SIGTERM cancel the running command's token; `listen` then deletes its temporary endpoint, which must fit in this window.
var exitCode = await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(15) });
// --help with a malformed command line shows the help; the exit code still says the command line was wrong.
return parsed.Errors.Count > 0 ? ExitCodes.Usage : exitCode;
