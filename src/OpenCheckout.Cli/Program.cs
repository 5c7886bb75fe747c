using System.CommandLine;
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
    TriggerCommand.Create(),
    ListenCommand.Create(),
    KeysCommand.Create(),
};

var parsed = root.Parse(args);
// SIGINT/SIGTERM cancel the running command's token; `listen` then deletes its temporary endpoint, which must fit in this window.
var exitCode = await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(15) });
// System.CommandLine answers a malformed command line with 1; ours keeps 1 for "the API said no" and 2 for usage errors.
return parsed.Errors.Count > 0 ? ExitCodes.Usage : exitCode;
