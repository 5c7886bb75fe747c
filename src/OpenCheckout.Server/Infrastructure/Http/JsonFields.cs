using System.Text.Json;
using OpenCheckout.Server.Infrastructure.Errors;

namespace OpenCheckout.Server.Infrastructure.Http;

/// <summary>Explicit, typed reading of a JSON object's fields. It remembers which fields were read, so
/// anything else can be refused by name, and collects every field error (with its full parameter path,
/// e.g. <c>line_items[0].quantity</c>) instead of stopping at the first.</summary>
public sealed class JsonFields
{
    // The object's fields, read once: a request names a few of the dozens a reader asks about, and asking JsonDocument
    // for each (and remembering every name asked in a set) was most of the cost of reading a create request.
    readonly string[] _names;
    readonly JsonElement[] _values;
    readonly bool[] _read;
    readonly string _prefix;
    readonly List<FieldError> _errors;

    JsonFields(JsonElement? obj, string prefix, List<FieldError> errors)
    {
        var count = obj?.GetPropertyCount() ?? 0;
        _names = new string[count];
        _values = new JsonElement[count];
        _read = new bool[count];
        if (obj is { } fields)
        {
            var i = 0;
            foreach (var field in fields.EnumerateObject()) (_names[i], _values[i++]) = (field.Name, field.Value);
        }
        _prefix = prefix;
        _errors = errors;
    }

    public IReadOnlyList<FieldError> Errors => _errors;

    public bool HasErrors => _errors.Count > 0;

    public static JsonFields Empty() => new(null, "", []);

    /// <summary>Accepts both the wrapped (<c>{"checkout_session": {...}}</c>) and the flat form.</summary>
    public static JsonFields Root(JsonElement root, string wrapper)
    {
        if (root.TryGetProperty(wrapper, out var inner) && inner.ValueKind == JsonValueKind.Object)
        {
            var wrapped = new JsonFields(inner, "", []);
            foreach (var property in root.EnumerateObject())
                if (property.Name != wrapper) wrapped.AddError(property.Name, "parameter_unknown", $"Received unknown parameter: {property.Name}");
            return wrapped;
        }
        return new JsonFields(root, "", []);
    }

    public string Param(string name) => _prefix + name;

    public void AddError(string name, string code, string message) => _errors.Add(new FieldError(Param(name), code, message));

    /// <summary>The JSON kind of a field; Undefined when absent.</summary>
    public JsonValueKind Kind(string name) => Get(name)?.ValueKind ?? JsonValueKind.Undefined;

    /// <summary>True when the field is present, even as null (null then means "clear it").</summary>
    public bool Contains(string name) => Get(name) is not null;

    /// <summary>True when the field is <c>[]</c>: how PHP encodes an empty map, so callers may read it as "none".</summary>
    public bool IsEmptyArray(string name) => Get(name) is { ValueKind: JsonValueKind.Array } value && value.GetArrayLength() == 0;

    /// <summary>True when the field is present and not null.</summary>
    public bool Has(string name) => Get(name) is { ValueKind: not JsonValueKind.Null };

    public string? String(string name, int maxLength, bool required = false)
    {
        var value = Get(name);
        if (value is null || value.Value.ValueKind == JsonValueKind.Null)
        {
            if (required) AddError(name, "parameter_missing", $"Missing required param: {Param(name)}.");
            return null;
        }
        if (value.Value.ValueKind != JsonValueKind.String)
        {
            AddError(name, "parameter_invalid_string", $"Invalid {Param(name)}: expected a string.");
            return null;
        }
        var text = value.Value.GetString()!;
        if (required && text.Length == 0)
        {
            AddError(name, "parameter_invalid_empty", $"{Param(name)} must not be empty.");
            return null;
        }
        if (text.Length > maxLength)
        {
            AddError(name, "parameter_invalid_string", $"{Param(name)} must be at most {maxLength} characters.");
            return null;
        }
        return text;
    }

    public long? Integer(string name, bool required = false, long min = long.MinValue, long max = long.MaxValue)
    {
        var value = Get(name);
        if (value is null || value.Value.ValueKind == JsonValueKind.Null)
        {
            if (required) AddError(name, "parameter_missing", $"Missing required param: {Param(name)}.");
            return null;
        }
        if (value.Value.ValueKind != JsonValueKind.Number || !value.Value.TryGetInt64(out var number))
        {
            AddError(name, "parameter_invalid_integer", $"Invalid {Param(name)}: expected an integer.");
            return null;
        }
        if (number < min || number > max)
        {
            AddError(name, "parameter_out_of_range", $"{Param(name)} must be between {min} and {max}.");
            return null;
        }
        return number;
    }

    /// <summary>A JSON number with at most <paramref name="maxDecimals"/> decimal places, in [min, max]; read exactly
    /// (as decimal, never through a double).</summary>
    public decimal? Decimal(string name, decimal min, decimal max, int maxDecimals)
    {
        var value = Get(name);
        if (value is null || value.Value.ValueKind == JsonValueKind.Null) return null;
        if (value.Value.ValueKind != JsonValueKind.Number || !value.Value.TryGetDecimal(out var number))
        {
            AddError(name, "parameter_invalid_number", $"Invalid {Param(name)}: expected a number.");
            return null;
        }
        if (number < min || number > max || decimal.Round(number, maxDecimals) != number)
        {
            AddError(name, "parameter_out_of_range", $"{Param(name)} must be between {min} and {max}, with at most {maxDecimals} decimal places.");
            return null;
        }
        return number;
    }

    public bool? Boolean(string name)
    {
        var value = Get(name);
        if (value is null || value.Value.ValueKind == JsonValueKind.Null) return null;
        if (value.Value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.Value.GetBoolean();
        AddError(name, "parameter_invalid_boolean", $"Invalid {Param(name)}: expected true or false.");
        return null;
    }

    /// <summary>A nested object, read with the same rules; null when absent.</summary>
    public JsonFields? Object(string name, bool required = false)
    {
        var value = Get(name);
        if (value is null || value.Value.ValueKind == JsonValueKind.Null)
        {
            if (required) AddError(name, "parameter_missing", $"Missing required param: {Param(name)}.");
            return null;
        }
        if (value.Value.ValueKind != JsonValueKind.Object)
        {
            AddError(name, "parameter_invalid_object", $"Invalid {Param(name)}: expected an object.");
            return null;
        }
        return new JsonFields(value, Param(name) + ".", _errors);
    }

    /// <summary>An array of objects, each read with the same rules; null when absent or wrong.</summary>
    public IReadOnlyList<JsonFields>? Objects(string name, bool required, int minCount, int maxCount)
    {
        var value = Get(name);
        if (value is null || value.Value.ValueKind == JsonValueKind.Null)
        {
            if (required) AddError(name, "parameter_missing", $"Missing required param: {Param(name)}.");
            return null;
        }
        if (value.Value.ValueKind != JsonValueKind.Array)
        {
            AddError(name, "parameter_invalid_array", $"Invalid {Param(name)}: expected an array.");
            return null;
        }
        var count = value.Value.GetArrayLength();
        if (count < minCount || count > maxCount)
        {
            AddError(name, "parameter_invalid_array", $"{Param(name)} must have between {minCount} and {maxCount} entries.");
            return null;
        }
        var items = new List<JsonFields>(count);
        var index = 0;
        foreach (var item in value.Value.EnumerateArray())
        {
            var param = $"{Param(name)}[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                _errors.Add(new FieldError(param, "parameter_invalid_object", $"Invalid {param}: expected an object."));
                continue;
            }
            items.Add(new JsonFields(item, param + ".", _errors));
        }
        return items;
    }

    /// <summary>A list of strings; null when absent.</summary>
    public List<string>? Strings(string name, int maxCount, int maxLength)
    {
        var value = Get(name);
        if (value is null || value.Value.ValueKind == JsonValueKind.Null) return null;
        if (value.Value.ValueKind != JsonValueKind.Array || value.Value.GetArrayLength() > maxCount
            || value.Value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String || v.GetString()!.Length > maxLength))
        {
            AddError(name, "parameter_invalid_array", $"Invalid {Param(name)}: expected at most {maxCount} strings of at most {maxLength} characters.");
            return null;
        }
        return value.Value.EnumerateArray().Select(v => v.GetString()!).ToList();
    }

    /// <summary>Metadata: string keys to scalar values (numbers and booleans become strings, as PHP and
    /// JavaScript clients send them). <c>[]</c> and null mean empty: PHP encodes an empty map as a list.</summary>
    public Dictionary<string, string>? Metadata(string name)
    {
        var value = Get(name);
        if (value is null) return null;
        if (value.Value.ValueKind == JsonValueKind.Null) return [];
        if (value.Value.ValueKind == JsonValueKind.Array && value.Value.GetArrayLength() == 0) return [];
        if (value.Value.ValueKind != JsonValueKind.Object)
        {
            AddError(name, "parameter_invalid_object", $"Invalid {Param(name)}: expected an object of string keys and values.");
            return null;
        }
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in value.Value.EnumerateObject())
        {
            var text = entry.Value.ValueKind switch
            {
                JsonValueKind.String => entry.Value.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => entry.Value.GetRawText(),
                _ => null,
            };
            var param = $"{name}[{entry.Name}]";
            if (text is null) AddError(param, "parameter_invalid_string", $"Invalid {Param(param)}: metadata values must be strings.");
            else if (entry.Name.Length is 0 or > 40) AddError(param, "metadata_invalid", "Metadata keys must be 1 to 40 characters.");
            else if (text.Length > 500) AddError(param, "metadata_invalid", "Metadata values must be at most 500 characters.");
            else metadata[entry.Name] = text;
        }
        if (metadata.Count > 50) AddError(name, "metadata_invalid", "Metadata may have at most 50 keys.");
        return metadata;
    }

    /// <summary>Marks fields as read without using them: read-only fields a client echoes back.</summary>
    public void Ignore(params ReadOnlySpan<string> names)
    {
        for (var i = 0; i < _names.Length; i++)
            if (names.Contains(_names[i])) _read[i] = true;
    }

    /// <summary>Adds an error for every field that was not read.</summary>
    public void RejectUnknown()
    {
        for (var i = 0; i < _names.Length; i++)
            if (!_read[i]) AddError(_names[i], "parameter_unknown", $"Received unknown parameter: {Param(_names[i])}");
    }

    /// <summary>The field's value (the last, if the name repeats, as JsonDocument reads it); marks it read.</summary>
    JsonElement? Get(string name)
    {
        JsonElement? value = null;
        for (var i = 0; i < _names.Length; i++)
        {
            if (_names[i] != name) continue;
            _read[i] = true;
            value = _values[i];
        }
        return value;
    }
}
