using System.Text.Json;
using OpenCheckout.Server.Features.Sessions;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Data.Sqlite;

namespace OpenCheckout.Server.Tests.Features.Sessions;

/// <summary>The hand-written line-item converter stores exactly what System.Text.Json's web defaults stored before it
/// (rows written then must read back the same), and reads that format.</summary>
public sealed class SessionLineItemJsonTests
{
    // The web defaults, with text written as UTF-8 as every JSON column is (Utf8Json).
    static readonly JsonSerializerOptions Defaults = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static TheoryData<SessionLineItem> Items() =>
    [
        new("fli_1", "fprice_1", "fprod_1", "Mug \"ünï\" <tag> é", "Large", 1500, "usd", 2, 3000, 2700,
            new DateTime(2026, 3, 2, 12, 0, 0, 123, DateTimeKind.Utc), 300),
        new("fli_2", "fprice_2", "fprod_2", null, null, 0, "eur", 1, 0, 0, new DateTime(2026, 3, 2, 12, 0, 0), 0),
        new("fli_3", "fprice_3", "fprod_3", "T-shirt", "", long.MaxValue, "jpy", 1, long.MaxValue, long.MaxValue, DateTime.MinValue),
    ];

    [Theory]
    [MemberData(nameof(Items))]
    public void Write_IsWhatTheWebDefaultsWrite(SessionLineItem item) =>
        Assert.Equal(JsonSerializer.Serialize(new List<SessionLineItem> { item }, Defaults), JsonColumn.Write(new List<SessionLineItem> { item }, SessionColumnJson.Default.ListSessionLineItem));

    [Theory]
    [MemberData(nameof(Items))]
    public void Read_OfTheWebDefaultsFormat_GivesTheSameItem(SessionLineItem item)
    {
        var stored = JsonSerializer.Serialize(new List<SessionLineItem> { item }, Defaults);
        var read = Assert.Single(JsonSerializer.Deserialize(stored, SessionColumnJson.Default.ListSessionLineItem)!);
        Assert.Equal(JsonSerializer.Serialize(item, Defaults), JsonSerializer.Serialize(read, Defaults));
        Assert.Equal(item.PriceCreatedAt.Kind, read.PriceCreatedAt.Kind);
        // Read straight from the bytes twice with one pool: the second read takes its text from the pool.
        var strings = new Utf8StringPool();
        for (var pass = 0; pass < 2; pass++)
        {
            var direct = Assert.Single(SessionLineItemJson.ReadList(System.Text.Encoding.UTF8.GetBytes(stored), strings));
            Assert.Equal(JsonSerializer.Serialize(item, Defaults), JsonSerializer.Serialize(direct, Defaults));
        }
    }

    [Fact]
    public void Read_SkipsUnknownProperties_AndDefaultsMissingOnes()
    {
        var read = Assert.Single(JsonSerializer.Deserialize(
            """[{"lineItemId":"fli_9","extra":{"nested":[1,2]},"priceId":"fprice_9","productId":"fprod_9","currency":"usd","quantity":3,"priceMetadata":{}}]""",
            SessionColumnJson.Default.ListSessionLineItem)!);
        Assert.Equal(("fli_9", "fprice_9", 3L, 0L, 0L), (read.LineItemId, read.PriceId, read.Quantity, read.AmountDiscount, read.UnitAmount));
        Assert.Null(read.ProductName);
        // Properties in another order than the one written.
        var shuffled = Assert.Single(SessionLineItemJson.ReadList(
            """[{"quantity":4,"lineItemId":"fli_8","amountDiscount":7,"priceId":"fprice_8","productId":"fprod_8","currency":"eur","priceMetadata":{"a":"b"}}]"""u8, new Utf8StringPool()));
        // priceMetadata, written by earlier versions, is skipped.
        Assert.Equal(("fli_8", 4L, 7L, "eur"), (shuffled.LineItemId, shuffled.Quantity, shuffled.AmountDiscount, shuffled.Currency));
    }
}
