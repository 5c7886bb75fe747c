using System.Net;
using System.Text.Json.Nodes;

namespace OpenCheckout.Client.Tests;

/// <summary><c>RawRequestAsync</c> against the real server: JSON in, the enveloped JSON out, with or without <c>/v1/</c> in the
/// path, and a refusal as the same <see cref="OpenCheckoutException"/> the typed calls throw.</summary>
public sealed class RawRequestTests : ServerClientTest
{
    [Fact]
    public async Task ARawPost_CreatesTheObject_AndARawGet_ReadsItBack()
    {
        var created = await Client.RawRequestAsync(HttpMethod.Post, "/v1/customers", new JsonObject
        {
            ["email"] = "raw@example.com",
            ["metadata"] = new JsonObject { ["order"] = "42" },
        });
        var id = created["customer"]!["customer_id"]!.GetValue<string>();
        Assert.StartsWith("fcus_", id);

        var read = await Client.RawRequestAsync(HttpMethod.Get, $"customers/{id}");
        Assert.Equal("42", read["customer"]!["metadata"]!["order"]!.GetValue<string>());
        Assert.Equal("raw@example.com", (await Client.Customers.GetAsync(id)).Email);
    }

    [Fact]
    public async Task ARefusedRawRequest_ThrowsTheServersError()
    {
        var refused = await Assert.ThrowsAsync<OpenCheckoutException>(() =>
            Client.RawRequestAsync(HttpMethod.Post, "/v1/customers", new JsonObject { ["email"] = "raw@example.com", ["nope"] = 1 }));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("nope", refused.Param);
    }
}
