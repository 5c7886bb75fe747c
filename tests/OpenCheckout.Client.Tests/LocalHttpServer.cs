using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OpenCheckout.Client.Tests;

/// <summary>A tiny real HTTP server on its own 127.0.0.1 port, answering every request with <paramref name="handler"/>:
/// a flaky stand-in in front of the API, or a merchant's webhook endpoint.</summary>
public sealed class LocalHttpServer : IAsyncDisposable
{
    readonly WebApplication _app;

    LocalHttpServer(WebApplication app) => _app = app;

    public string BaseUrl => _app.Urls.First();

    public static async Task<LocalHttpServer> StartAsync(RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync();
        return new LocalHttpServer(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
