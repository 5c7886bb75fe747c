using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace OpenCheckout.Server.Tests.Hosting;

/// <summary>What a newcomer sees: the first start creates the database under the directory it runs
/// from and prints the address and the keys once; a restart keeps everything and prints no keys.</summary>
public sealed class FirstStartTests : IDisposable
{
    readonly string _directory = Directory.CreateTempSubdirectory("opencheckout-first-start").FullName;

    [Fact]
    public async Task FirstStart_PrintsAddressAndWorkingKeys_RestartKeepsDataAndPrintsNoKeys()
    {
        string testKey, sessionId;
        await using (var first = await ServerProcess.StartAsync(_directory))
        {
            Assert.Contains($"OpenCheckout is listening on {first.BaseAddress.ToString().TrimEnd('/')}", first.Output);
            testKey = Regex.Match(first.Output, @"test key: (fsk_test_\w+)").Groups[1].Value;
            var liveKey = Regex.Match(first.Output, @"live key: (fsk_\w+)").Groups[1].Value;
            Assert.NotEmpty(testKey);
            Assert.NotEmpty(liveKey);
            Assert.True(File.Exists(Path.Combine(_directory, "data", "opencheckout.db")));

            using var api = Client(first.BaseAddress, testKey);
            var product = await (await api.PostAsync("/v1/products", Json.Body("""{"name":"Mug"}"""))).ReadJsonAsync();
            var productId = product.GetProperty("product").GetProperty("product_id").GetString();
            var price = await (await api.PostAsync("/v1/prices", Json.Body($$"""{"product":"{{productId}}","unit_amount":1500}"""))).ReadJsonAsync();
            var priceId = price.GetProperty("price").GetProperty("price_id").GetString();
            var session = await (await api.PostAsync("/v1/checkout/sessions", Json.Body($$"""
                {"success_url":"https://shop.example/s?id={CHECKOUT_SESSION_ID}","line_items":[{"price_id":"{{priceId}}","quantity":1}]}
                """))).ReadJsonAsync();
            sessionId = session.GetProperty("checkout_session").GetProperty("id").GetString()!;
            var paid = await api.PostAsync($"/v1/test_helpers/checkout/sessions/{sessionId}/pay", Json.Body("{}"));
            Assert.Equal(HttpStatusCode.OK, paid.StatusCode);

            using var page = new HttpClient { BaseAddress = first.BaseAddress };
            var css = await page.GetAsync("/pay/checkout.css");
            Assert.Equal(HttpStatusCode.OK, css.StatusCode);
            Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);

            using var live = Client(first.BaseAddress, liveKey);
            Assert.Equal(HttpStatusCode.NotFound, (await live.GetAsync($"/v1/checkout/sessions/{sessionId}")).StatusCode);
        }

        await using var second = await ServerProcess.StartAsync(_directory);
        Assert.DoesNotContain("fsk_", second.Output);
        using var again = Client(second.BaseAddress, testKey);
        var reread = (await (await again.GetAsync($"/v1/checkout/sessions/{sessionId}")).ReadJsonAsync()).GetProperty("checkout_session");
        Assert.Equal("complete", reread.GetProperty("status").GetString());
        Assert.Equal(1500, reread.GetProperty("amount_total").GetInt64());
        var intents = await (await again.GetAsync($"/v1/payment_intents?checkout_session={sessionId}")).ReadJsonAsync();
        Assert.Equal("succeeded", intents.GetProperty("payment_intents")[0].GetProperty("status").GetString());
    }

    static HttpClient Client(Uri baseAddress, string key)
    {
        var client = new HttpClient { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
