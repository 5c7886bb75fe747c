using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenCheckout.Server.Infrastructure.Data.Sqlite;

namespace OpenCheckout.Server.Infrastructure.Data;

/// <summary>Stores a small value object as a JSON text column: portable across SQLite and PostgreSQL, and one row per
/// object on the hot read path. EF Core's converters and the prepared-statement paths both go through
/// <see cref="Write{T}"/> and <see cref="Read{T}"/>, so a column has one format whoever writes it. Each feature passes
/// the source-generated metadata of its own column types.</summary>
static class JsonColumn
{
    public static string Write<T>(T value, JsonTypeInfo<T> info) => value switch
    {
        // Most sessions have no discounts, fees, shipping options or refunds: an empty list or map needs no serializer.
        System.Collections.ICollection { Count: 0 } => value is System.Collections.IDictionary ? "{}" : "[]",
        _ => Utf8Json.ToText(value, info),
    };

    /// <summary>Column <paramref name="ordinal"/> of a prepared-statement row, parsed from SQLite's own UTF-8 bytes (no copy).</summary>
    public static T Read<T>(PreparedRows row, int ordinal, JsonTypeInfo<T> info) => ReadNullable(row, ordinal, info)
        ?? throw new JsonException($"A {typeof(T).Name} column holds NULL or JSON null.");

    public static T? ReadNullable<T>(PreparedRows row, int ordinal, JsonTypeInfo<T> info)
    {
        if (row.IsNull(ordinal)) return default;
        var json = row.GetBytes(ordinal);
        if (json is [(byte)'[', (byte)']'] or [(byte)'{', (byte)'}'] && info.CreateObject is { } empty) return (T)empty();
        return JsonSerializer.Deserialize(json, info);
    }

    public static PropertyBuilder<T> HasJsonConversion<T>(this PropertyBuilder<T> property, JsonTypeInfo<T> info) where T : class =>
        property.HasConversion(
            value => Write(value, info),
            json => JsonSerializer.Deserialize(json, info)!,
            new ValueComparer<T>(
                (a, b) => Write(a!, info) == Write(b!, info),
                v => Write(v, info).GetHashCode(),
                v => JsonSerializer.Deserialize(Write(v, info), info)!));

    /// <summary>The same for a value that may be absent (null column).</summary>
    public static PropertyBuilder<T?> HasNullableJsonConversion<T>(this PropertyBuilder<T?> property, JsonTypeInfo<T> info) where T : class =>
        property.HasConversion(
            value => value == null ? null : Write(value, info),
            json => json == null ? null : JsonSerializer.Deserialize(json, info),
            new ValueComparer<T?>(
                (a, b) => WriteNullable(a, info) == WriteNullable(b, info),
                v => v == null ? 0 : Write(v, info).GetHashCode(),
                v => v == null ? null : JsonSerializer.Deserialize(Write(v, info), info)));

    static string? WriteNullable<T>(T? value, JsonTypeInfo<T> info) where T : class => value == null ? null : Write(value, info);

    public static PropertyBuilder<Dictionary<string, string>> HasJsonConversion(this PropertyBuilder<Dictionary<string, string>> property) =>
        property.HasJsonConversion(ColumnJson.Default.DictionaryStringString);

    public static PropertyBuilder<List<string>> HasJsonConversion(this PropertyBuilder<List<string>> property) =>
        property.HasJsonConversion(ColumnJson.Default.ListString);
}

/// <summary>The column types every feature uses; a feature's own value objects have their own context.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(List<string>))]
sealed partial class ColumnJson : JsonSerializerContext;
