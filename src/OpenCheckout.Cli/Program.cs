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

// SIGINT/SIGTERM cancel the running command's token; `listen` then deletes its temporary endpoint, which must fit in this window.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(15) });
