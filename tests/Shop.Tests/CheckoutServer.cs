using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenCheckout.Client;

namespace Shop.Tests;

/// <summary>The real OpenCheckout server on Kestrel (a free port on 127.0.0.1) with its own SQLite file, on the system
/// clock (webhook timestamps are checked against the shop's). Its first merchant gets a test key fixed by
/// <c>OpenCheckout:Bootstrap:TestKey</c>, as the README's command does.</summary>
public sealed class CheckoutServer : WebApplicationFactory<Program>
{
    const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public string TestKey { get; } = "fsk_test_" + RandomNumberGenerator.GetString(Base62, 44);
    public string DatabasePath { get; } = TempFile("opencheckout.db");

    public CheckoutServer()
    {
        UseKestrel(0);
        StartServer();
    }

    public Uri BaseAddress => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>The SDK, as a merchant's own scripts would use it. Dispose it.</summary>
    public OpenCheckoutClient Client() => new(TestKey, BaseAddress.ToString());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("OpenCheckout:Database:Path", DatabasePath);
        builder.UseSetting("OpenCheckout:Bootstrap:TestKey", TestKey);
    }

    public static string TempFile(string name) => Path.Combine(Path.GetTempPath(), "opencheckout-shop-tests", Guid.NewGuid().ToString("N"), name);
}
