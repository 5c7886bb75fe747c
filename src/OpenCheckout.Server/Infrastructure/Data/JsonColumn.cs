using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenCheckout.Server.Features.Refunds;
using OpenCheckout.Server.Features.Sessions;

namespace OpenCheckout.Server.Infrastructure.Data;

/// <summary>Stores a small value object as a JSON text column: portable across SQLite and PostgreSQL,
/// and one row per object on the hot read path. EF Core's converters and the prepared-statement paths
/// (<see cref="PreparedSqlite"/>) both go through <see cref="Write{T}"/> and <see cref="Read{T}"/>, so a column
/// has one format whoever writes it.</summary>
static class JsonColumn
{
    public static string Write<T>(T value) => value switch
    {
        // Most sessions have no discounts, fees, shipping options or refunds: an empty list or map needs no serializer.
        System.Collections.ICollection { Count: 0 } => value is System.Collections.IDictionary ? "{}" : "[]",
        _ => JsonSerializer.Serialize(value, TypeInfo<T>()),
    };

    /// <summary>Column <paramref name="ordinal"/> of a prepared-statement row, parsed from SQLite's own UTF-8 bytes (no copy).</summary>
    public static T Read<T>(PreparedRows row, int ordinal) => ReadNullable<T>(row, ordinal)
        ?? throw new JsonException($"A {typeof(T).Name} column holds NULL or JSON null.");

    public static T? ReadNullable<T>(PreparedRows row, int ordinal)
    {
        if (row.IsNull(ordinal)) return default;
        var json = row.GetBytes(ordinal);
        // Most sessions have no discounts, fees, shipping options or refunds: an empty list or map needs no parser.
        if (json is [(byte)'[', (byte)']'] or [(byte)'{', (byte)'}'] && TypeInfo<T>().CreateObject is { } empty) return empty();
        return JsonSerializer.Deserialize(json, TypeInfo<T>());
    }

    /// <summary>Source-generated metadata, looked up once per type; a column type missing from <see cref="ColumnJson"/>
    /// fails when the model is built.</summary>
    static JsonTypeInfo<T> TypeInfo<T>() => Metadata<T>.Info;

    static class Metadata<T>
    {
        public static readonly JsonTypeInfo<T> Info = ColumnJson.Default.GetTypeInfo(typeof(T)) as JsonTypeInfo<T>
            ?? throw new InvalidOperationException($"{typeof(T).Name} is stored as JSON but is not listed in {nameof(ColumnJson)}.");
    }

    public static PropertyBuilder<T> HasJsonConversion<T>(this PropertyBuilder<T> property) where T : class
    {
        var info = TypeInfo<T>();
        return property.HasConversion(
            value => Write(value),
            json => JsonSerializer.Deserialize(json, info)!,
            new ValueComparer<T>(
                (a, b) => Write(a!) == Write(b!),
                v => Write(v).GetHashCode(),
                v => JsonSerializer.Deserialize(Write(v), info)!));
    }

    /// <summary>The same for an immutable record that may be absent (null column).</summary>
    public static PropertyBuilder<T?> HasNullableJsonConversion<T>(this PropertyBuilder<T?> property) where T : class
    {
        var info = TypeInfo<T>();
        return property.HasConversion(
            value => value == null ? null : Write(value),
            json => json == null ? null : JsonSerializer.Deserialize(json, info));
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, Converters = [typeof(SessionLineItemJson)])]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(List<SessionLineItem>))]
[JsonSerializable(typeof(List<SessionDiscount>))]
[JsonSerializable(typeof(List<SessionFee>))]
[JsonSerializable(typeof(List<SessionShippingOption>))]
[JsonSerializable(typeof(SessionDefaults))]
[JsonSerializable(typeof(ShippingDetails))]
[JsonSerializable(typeof(List<RefundLine>))]
sealed partial class ColumnJson : JsonSerializerContext;
