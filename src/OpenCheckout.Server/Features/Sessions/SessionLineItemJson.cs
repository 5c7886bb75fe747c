using OpenCheckout.Server.Infrastructure.Data.Sqlite;
using System.Text.Json;
using System.Text.Json.Serialization;
using OpenCheckout.Server.Infrastructure;
using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Features.Sessions;

/// <summary>A session's line items are parsed for every session read (a GET, ten per list page), and System.Text.Json
/// reads a record through its constructor slowly (it buffers every argument first). This reads and writes the same
/// JSON as System.Text.Json's web defaults (with text as UTF-8, <see cref="Utf8Json"/>) do for <see cref="SessionLineItem"/> (a test holds the two to each other):
/// camelCase names, properties in declaration order, nulls written; unknown properties are skipped.</summary>
sealed class SessionLineItemJson : JsonConverter<SessionLineItem>
{
    // Each name once, encoded once: written by Write, matched by Find.
    static readonly JsonEncodedText LineItemId = JsonEncodedText.Encode("lineItemId"), PriceId = JsonEncodedText.Encode("priceId"),
        ProductId = JsonEncodedText.Encode("productId"), ProductName = JsonEncodedText.Encode("productName"),
        PriceDescription = JsonEncodedText.Encode("priceDescription"), UnitAmount = JsonEncodedText.Encode("unitAmount"),
        Currency = JsonEncodedText.Encode("currency"), Quantity = JsonEncodedText.Encode("quantity"),
        AmountSubtotal = JsonEncodedText.Encode("amountSubtotal"), AmountTotal = JsonEncodedText.Encode("amountTotal"),
        PriceCreatedAt = JsonEncodedText.Encode("priceCreatedAt"),
        AmountDiscount = JsonEncodedText.Encode("amountDiscount");

    // In the order Write writes them (the cases of ReadItem's switch): a stored item's properties are then each matched
    // at the first comparison.
    static readonly JsonEncodedText[] Names =
    [
        LineItemId, PriceId, ProductId, ProductName, PriceDescription, UnitAmount, Currency, Quantity, AmountSubtotal, AmountTotal,
        PriceCreatedAt, AmountDiscount,
    ];

    /// <summary>A stored list, read straight from the column's bytes (the serializer's own set-up per call is skipped); the
    /// catalog's text in it (ids, names, currency, metadata) through <paramref name="strings"/>.</summary>
    public static List<SessionLineItem> ReadList(ReadOnlySpan<byte> json, Utf8StringPool strings)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray) throw new JsonException("Line items must be a JSON array.");
        var items = new List<SessionLineItem>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) items.Add(ReadItem(ref reader, strings));
        return items;
    }

    public override SessionLineItem Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadItem(ref reader, null);

    static SessionLineItem ReadItem(ref Utf8JsonReader reader, Utf8StringPool? strings)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("A line item must be a JSON object.");
        string? lineItemId = null, priceId = null, productId = null, productName = null, priceDescription = null, currency = null;
        long unitAmount = 0, quantity = 0, amountSubtotal = 0, amountTotal = 0, amountDiscount = 0;
        DateTime priceCreatedAt = default;
        var expected = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = Find(ref reader, expected);
            expected = property + 1;
            reader.Read();
            switch (property)
            {
                case 0: lineItemId = reader.GetString(); break;
                case 1: priceId = Text(ref reader, strings); break;
                case 2: productId = Text(ref reader, strings); break;
                case 3: productName = Text(ref reader, strings); break;
                case 4: priceDescription = Text(ref reader, strings); break;
                case 5: unitAmount = reader.GetInt64(); break;
                case 6: currency = Text(ref reader, strings); break;
                case 7: quantity = reader.GetInt64(); break;
                case 8: amountSubtotal = reader.GetInt64(); break;
                case 9: amountTotal = reader.GetInt64(); break;
                case 10: priceCreatedAt = reader.GetDateTime(); break;
                case 11: amountDiscount = reader.GetInt64(); break;
                default: reader.Skip(); break;
            }
        }
        if (reader.TokenType != JsonTokenType.EndObject) throw new JsonException("A line item must be a JSON object.");
        return new SessionLineItem(lineItemId!, priceId!, productId!, productName, priceDescription, unitAmount, currency!, quantity,
            amountSubtotal, amountTotal, priceCreatedAt, amountDiscount);
    }

    /// <summary>The index in <see cref="Names"/> of the property the reader is on; -1 for one not known.</summary>
    static int Find(ref Utf8JsonReader reader, int expected)
    {
        if (expected < Names.Length && reader.ValueTextEquals(Names[expected].EncodedUtf8Bytes)) return expected;
        for (var i = 0; i < Names.Length; i++)
            if (reader.ValueTextEquals(Names[i].EncodedUtf8Bytes)) return i;
        return -1;
    }

    static string? Text(ref Utf8JsonReader reader, Utf8StringPool? strings) =>
        strings is not null && reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && !reader.ValueIsEscaped
            ? strings.Get(reader.ValueSpan)
            : reader.GetString();

    public override void Write(Utf8JsonWriter writer, SessionLineItem value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString(LineItemId, value.LineItemId);
        writer.WriteString(PriceId, value.PriceId);
        writer.WriteString(ProductId, value.ProductId);
        writer.WriteString(ProductName, value.ProductName);
        writer.WriteString(PriceDescription, value.PriceDescription);
        writer.WriteNumber(UnitAmount, value.UnitAmount);
        writer.WriteString(Currency, value.Currency);
        writer.WriteNumber(Quantity, value.Quantity);
        writer.WriteNumber(AmountSubtotal, value.AmountSubtotal);
        writer.WriteNumber(AmountTotal, value.AmountTotal);
        writer.WriteString(PriceCreatedAt, value.PriceCreatedAt);
        writer.WriteNumber(AmountDiscount, value.AmountDiscount);
        writer.WriteEndObject();
    }
}
