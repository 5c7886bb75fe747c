using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OpenCheckout.Server.Tests.Pages;

/// <summary>A stand-in for the merchant's shop on its own 127.0.0.1 port: the pages that success_url and
/// cancel_url point at, so a browser following the checkout's redirects never leaves the machine.</summary>
public sealed class MerchantSite : IAsyncDisposable
{
    readonly WebApplication _app;

    MerchantSite(WebApplication app) => _app = app;

    public Uri BaseAddress => new(_app.Urls.First());

    /// <summary>A success_url with the placeholder the server substitutes.</summary>
    public string SuccessUrl => $"{BaseAddress}success?session_id={{CHECKOUT_SESSION_ID}}";

    public string CancelUrl => $"{BaseAddress}cancel";

    public static async Task<MerchantSite> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/success", (string? session_id) => Page("Thanks for your order", $"Order reference: {session_id}"));
        app.MapGet("/cancel", () => Page("Checkout cancelled", "Your cart is still here."));
        // Browsers ask for it; answering keeps the shop's pages free of console noise.
        app.MapGet("/favicon.ico", () => Results.NoContent());
        await app.StartAsync();
        return new MerchantSite(app);
    }

    static IResult Page(string heading, string text) => Results.Content(
        $"<!DOCTYPE html><html lang=\"en\"><title>{heading}</title><h1>{heading}</h1><p>{WebUtility.HtmlEncode(text)}</p></html>",
        "text/html; charset=utf-8");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
