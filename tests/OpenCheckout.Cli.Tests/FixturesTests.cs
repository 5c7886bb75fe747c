using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OpenCheckout.Cli.Tests;

/// <summary><c>fixtures apply</c>: the sample file runs with references between steps and environment variables, one line per
/// step; a failing step stops the run with the server's error and a non-zero exit.</summary>
public sealed class FixturesTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    static string SampleFile()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var sample = Path.Combine(dir.FullName, "samples", "fixtures", "shop.json");
            if (File.Exists(sample)) return sample;
        }
        throw new FileNotFoundException("samples/fixtures/shop.json not found above the test's directory.");
    }

    static string Write(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), $"opencheckout-fixture-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    static async Task<JsonElement> GetAsync(Merchant merchant, string path)
    {
        using var api = merchant.Api();
        return await api.GetFromJsonAsync<JsonElement>(path);
    }

    [Fact]
    public async Task TheSampleFile_CreatesAPaidSession_FromReferencesAndTheEnvironment()
    {
        var merchant = await server.CreateMerchantAsync();
        var environment = merchant.Environment();
        environment["SHOP_SKU"] = "SKU-9";

        var result = await Cli.RunAsync(["fixtures", "apply", SampleFile()], environment);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["prod", "price", "customer", "session", "paid", "read"], lines.Select(l => l.Split("  ")[0]));
        Assert.Matches(@"^prod  POST /v1/products  200  fprod_\S+$", lines[0]);
        Assert.Matches(@"^read  GET /v1/checkout/sessions/\S+  200  \S+$", lines[5]);

        var product = (await GetAsync(merchant, "/v1/products")).GetProperty("products")[0];
        Assert.Equal("SKU-9", product.GetProperty("metadata").GetProperty("sku").GetString());
        var session = (await GetAsync(merchant, "/v1/checkout/sessions")).GetProperty("checkout_sessions")[0];
        Assert.Equal("complete", session.GetProperty("status").GetString());
        Assert.Equal(5000, session.GetProperty("amount_total").GetInt64());
        Assert.Equal("T-shirt", session.GetProperty("metadata").GetProperty("product_name").GetString());
        var customer = (await GetAsync(merchant, "/v1/customers")).GetProperty("customers")[0];
        Assert.Equal("buyer@example.com", customer.GetProperty("email").GetString());
        Assert.Equal(customer.GetProperty("customer_id").GetString(), session.GetProperty("customer").GetString());
    }

    [Fact]
    public async Task AFailingStep_StopsTheRun_WithTheServersError()
    {
        var merchant = await server.CreateMerchantAsync();
        var file = Write("""
            {"_meta": {"template_version": 0}, "fixtures": [
              {"name": "prod", "path": "/v1/products", "method": "post", "params": {"name": "Mug"}},
              {"name": "price", "path": "/v1/prices", "method": "post", "params": {"product": "${prod:id}", "unit_amount": -5}},
              {"name": "customer", "path": "/v1/customers", "method": "post", "params": {"email": "never@example.com"}}
            ]}
            """);

        var result = await merchant.RunAsync("fixtures", "apply", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Matches(new Regex(@"^price  POST /v1/prices  400  failed$", RegexOptions.Multiline), result.Stdout);
        Assert.Contains("param unit_amount", result.Stderr);
        Assert.Contains("Fixture 'price' failed; the steps after it were not run.", result.Stderr);
        Assert.Equal(0, (await GetAsync(merchant, "/v1/customers")).GetProperty("customers").GetArrayLength());
    }

    [Fact]
    public async Task Json_PrintsEachResponse_AndAMissingReferenceIsNamed()
    {
        var merchant = await server.CreateMerchantAsync();
        var file = Write("""
            {"fixtures": [
              {"name": "c", "path": "/v1/customers", "params": {"email": "json@example.com"}},
              {"name": "d", "path": "/v1/customers/${c:customer.nope}", "method": "get"}
            ]}
            """);

        var result = await merchant.RunAsync("fixtures", "apply", file, "--json");

        Assert.Equal(1, result.ExitCode);
        var first = JsonDocument.Parse(result.Stdout.Trim()).RootElement;
        Assert.Equal("json@example.com", first.GetProperty("customer").GetProperty("email").GetString());
        Assert.Contains("Error: Fixture 'd' uses ${c:customer.nope}, but the response of 'c' has nothing at 'customer.nope'.", result.Stderr);
    }

    [Fact]
    public async Task AFileThatIsNotAFixtureFile_IsAUsageError()
    {
        var merchant = await server.CreateMerchantAsync();

        var result = await merchant.RunAsync("fixtures", "apply", Write("""{"steps": []}"""));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("has no \"fixtures\" list", result.Stderr);
    }
}
