using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OpenCheckout.Cli.Listen;

/// <summary>Kestrel on 127.0.0.1 and a port the OS picks: where the server delivers while <c>listen</c> runs.
/// Reachable from this machine only, which is why listen suits a server running on the same machine.</summary>
sealed class LocalReceiver : IAsyncDisposable
{
    readonly WebApplication _app;

    LocalReceiver(WebApplication app) => _app = app;

    public string Url => _app.Urls.First() + "/";

    public static async Task<LocalReceiver> StartAsync(RequestDelegate handler, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // SIGINT/SIGTERM belong to System.CommandLine, which cancels `listen` so that it can delete its endpoint first;
        // the host's default console lifetime would otherwise stop the receiver on the same signal, racing that clean-up.
        builder.Services.AddSingleton<IHostLifetime, CommandLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync(ct);
        return new LocalReceiver(app);
    }

    public async ValueTask DisposeAsync()
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(grace.Token);
        await _app.DisposeAsync();
    }

    sealed class CommandLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
