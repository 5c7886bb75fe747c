using System.Text.Json;

namespace OpenCheckout.Cli.Tests;

/// <summary><c>products</c>, <c>prices</c> and <c>sessions</c> list/get/create: tables for people, the API's own JSON with --json.</summary>
public sealed class CatalogCommandTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    static JsonElement Json(CliResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonDocument.Parse(result.Stdout).RootElement;
    }

    [Fact]
    public async Task Products_CreateListGet_ShowTheProductInTables()
    {
        var merchant = await server.CreateMerchantAsync();

        var created = await merchant.RunAsync("products", "create", "--name", "Blue mug", "--description", "Holds tea", "--metadata", "sku=MUG-1");
        Assert.True(created.ExitCode == 0, created.ToString());
        var id = System.Text.RegularExpressions.Regex.Match(created.Stdout, @"fprod_[0-9A-Z]{26}").Value;
        Assert.NotEmpty(id);
        Assert.Contains("Blue mug", created.Stdout);
        Assert.Contains("sku=MUG-1", created.Stdout);

        var list = await merchant.RunAsync("products", "list");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains("NAME", list.Stdout);
        Assert.Contains(id, list.Stdout);
        Assert.Contains("Blue mug", list.Stdout);

        var get = await merchant.RunAsync("products", "get", id);
        Assert.True(get.ExitCode == 0, get.ToString());
        Assert.Contains("Holds tea", get.Stdout);
        Assert.DoesNotContain("\u001b[", get.Stdout);   // no terminal escapes in a pipe
    }

    [Fact]
    public async Task Products_WithJson_PrintTheApiResponseAsReceived()
    {
        var merchant = await server.CreateMerchantAsync();

        var created = Json(await merchant.RunAsync("--json", "products", "create", "--name", "Green mug"));
        var id = created.GetProperty("product").GetProperty("product_id").GetString()!;

        var list = await merchant.RunAsync("products", "list", "--json");
        using var api = merchant.Api();
        Assert.Equal(await api.GetStringAsync("/v1/products"), list.Stdout.TrimEnd('\n'));

        var get = Json(await merchant.RunAsync("products", "get", id, "--json"));
        Assert.Equal("Green mug", get.GetProperty("product").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Prices_CreateListGet_TablesAndJson()
    {
        var merchant = await server.CreateMerchantAsync();
        var product = Json(await merchant.RunAsync("products", "create", "--name", "Poster", "--json")).GetProperty("product").GetProperty("product_id").GetString()!;

        var created = await merchant.RunAsync("prices", "create", "--product", product, "--unit-amount", "1250", "--currency", "usd");
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Contains("$12.50", created.Stdout);
        var price = System.Text.RegularExpressions.Regex.Match(created.Stdout, @"fprice_[0-9A-Z]{26}").Value;

        var list = await merchant.RunAsync("prices", "list", "--product", product);
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains(price, list.Stdout);
        Assert.Contains("$12.50", list.Stdout);

        var json = Json(await merchant.RunAsync("prices", "list", "--product", product, "--json"));
        var only = Assert.Single(json.GetProperty("prices").EnumerateArray());
        Assert.Equal(1250, only.GetProperty("unit_amount").GetInt64());
        Assert.False(json.GetProperty("has_more").GetBoolean());

        var get = Json(await merchant.RunAsync("prices", "get", price, "--json"));
        Assert.Equal(product, get.GetProperty("price").GetProperty("product").GetString());
    }

    [Fact]
    public async Task Sessions_CreateListGet_TablesAndJson()
    {
        var merchant = await server.CreateMerchantAsync();
        var product = Json(await merchant.RunAsync("products", "create", "--name", "Hat", "--json")).GetProperty("product").GetProperty("product_id").GetString()!;
        var price = Json(await merchant.RunAsync("prices", "create", "--product", product, "--unit-amount", "2000", "--json")).GetProperty("price").GetProperty("price_id").GetString()!;

        var created = Json(await merchant.RunAsync("sessions", "create", "--price", price, "--quantity", "2", "--success-url",
            "https://shop.example/success?session_id={CHECKOUT_SESSION_ID}", "--client-reference-id", "order-7", "--json"));
        var session = created.GetProperty("checkout_session");
        var id = session.GetProperty("id").GetString()!;
        Assert.Equal("open", session.GetProperty("status").GetString());
        Assert.Equal(4000, session.GetProperty("amount_total").GetInt64());
        Assert.Equal($"{server.BaseUrl}/pay/c/{id}", session.GetProperty("url").GetString());

        var table = await merchant.RunAsync("sessions", "get", id);
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("$40.00", table.Stdout);
        Assert.Contains("order-7", table.Stdout);
        Assert.Contains(price, table.Stdout);
        Assert.Contains($"/pay/c/{id}", table.Stdout);

        var list = await merchant.RunAsync("sessions", "list", "--status", "open");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains(id, list.Stdout);

        var json = Json(await merchant.RunAsync("sessions", "list", "--client-reference-id", "order-7", "--json"));
        Assert.Equal(id, Assert.Single(json.GetProperty("checkout_sessions").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task List_WithMoreThanOnePage_SaysHowToGetTheNext()
    {
        var merchant = await server.CreateMerchantAsync();
        foreach (var name in (string[])["One", "Two", "Three"]) Json(await merchant.RunAsync("products", "create", "--name", name, "--json"));

        var first = await merchant.RunAsync("products", "list", "--limit", "2");
        Assert.True(first.ExitCode == 0, first.ToString());
        var cursor = System.Text.RegularExpressions.Regex.Match(first.Stdout, @"--starting-after (fprod_\w+)");
        Assert.True(cursor.Success, first.ToString());

        var rest = await merchant.RunAsync("products", "list", "--limit", "2", "--starting-after", cursor.Groups[1].Value);
        Assert.Contains("One", rest.Stdout);
        Assert.DoesNotContain("--starting-after", rest.Stdout);
    }
}
