using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenCheckout.Server.Features.Sessions;

/// <summary>A session's line items are parsed for every session read (a GET, ten per list page), and System.Text.Json
/// reads a record through its constructor slowly (it buffers every argument first). This reads and writes the same
/// JSON as System.Text.Json's web defaults do for <see cref="SessionLineItem"/> (a test holds the two to each other):
/// camelCase names, properties in declaration order, nulls written; unknown properties are skipped.</summary>
sealed class SessionLineItemJson : JsonConverter<SessionLineItem>
{
    // In the order Write writes them: a stored item's properties are then each matched at the first comparison.
    static readonly byte[][] Names =
    [
        "lineItemId"u8.ToArray(), "priceId"u8.ToArray(), "productId"u8.ToArray(), "productName"u8.ToArray(), "priceDescription"u8.ToArray(),
        "unitAmount"u8.ToArray(), "currency"u8.ToArray(), "quantity"u8.ToArray(), "amountSubtotal"u8.ToArray(), "amountTotal"u8.ToArray(),
        "priceMetadata"u8.ToArray(), "priceCreatedAt"u8.ToArray(), "amountDiscount"u8.ToArray(),
    ];

    /// <summary>A stored list, read straight from the column's bytes (the serializer's own set-up per call is skipped).</summary>
    public static List<SessionLineItem> ReadList(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray) throw new JsonException("Line items must be a JSON array.");
        var items = new List<SessionLineItem>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) items.Add(ReadItem(ref reader));
        return items;
    }

    public override SessionLineItem Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadItem(ref reader);

    static SessionLineItem ReadItem(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("A line item must be a JSON object.");
        string? lineItemId = null, priceId = null, productId = null, productName = null, priceDescription = null, currency = null;
        long unitAmount = 0, quantity = 0, amountSubtotal = 0, amountTotal = 0, amountDiscount = 0;
        Dictionary<string, string>? priceMetadata = null;
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
                case 1: priceId = reader.GetString(); break;
                case 2: productId = reader.GetString(); break;
                case 3: productName = reader.GetString(); break;
                case 4: priceDescription = reader.GetString(); break;
                case 5: unitAmount = reader.GetInt64(); break;
                case 6: currency = reader.GetString(); break;
                case 7: quantity = reader.GetInt64(); break;
                case 8: amountSubtotal = reader.GetInt64(); break;
                case 9: amountTotal = reader.GetInt64(); break;
                case 10: priceMetadata = ReadMetadata(ref reader); break;
                case 11: priceCreatedAt = reader.GetDateTime(); break;
                case 12: amountDiscount = reader.GetInt64(); break;
                default: reader.Skip(); break;
            }
        }
        if (reader.TokenType != JsonTokenType.EndObject) throw new JsonException("A line item must be a JSON object.");
        return new SessionLineItem(lineItemId!, priceId!, productId!, productName, priceDescription, unitAmount, currency!, quantity,
            amountSubtotal, amountTotal, priceMetadata!, priceCreatedAt, amountDiscount);
    }

    /// <summary>The index in <see cref="Names"/> of the property the reader is on; -1 for one not known.</summary>
    static int Find(ref Utf8JsonReader reader, int expected)
    {
        if (expected < Names.Length && reader.ValueTextEquals(Names[expected])) return expected;
        for (var i = 0; i < Names.Length; i++)
            if (reader.ValueTextEquals(Names[i])) return i;
        return -1;
    }

    static Dictionary<string, string>? ReadMetadata(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("priceMetadata must be a JSON object.");
        var metadata = new Dictionary<string, string>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            reader.Read();
            metadata[key] = reader.GetString()!;
        }
        return metadata;
    }

    public override void Write(Utf8JsonWriter writer, SessionLineItem value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("lineItemId"u8, value.LineItemId);
        writer.WriteString("priceId"u8, value.PriceId);
        writer.WriteString("productId"u8, value.ProductId);
        writer.WriteString("productName"u8, value.ProductName);
        writer.WriteString("priceDescription"u8, value.PriceDescription);
        writer.WriteNumber("unitAmount"u8, value.UnitAmount);
        writer.WriteString("currency"u8, value.Currency);
        writer.WriteNumber("quantity"u8, value.Quantity);
        writer.WriteNumber("amountSubtotal"u8, value.AmountSubtotal);
        writer.WriteNumber("amountTotal"u8, value.AmountTotal);
        writer.WritePropertyName("priceMetadata"u8);
        if (value.PriceMetadata is null) writer.WriteNullValue();
        else
        {
            writer.WriteStartObject();
            foreach (var (key, text) in value.PriceMetadata) writer.WriteString(key, text);
            writer.WriteEndObject();
        }
        writer.WriteString("priceCreatedAt"u8, value.PriceCreatedAt);
        writer.WriteNumber("amountDiscount"u8, value.AmountDiscount);
        writer.WriteEndObject();
    }
}
