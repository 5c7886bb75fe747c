using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OpenCheckout.Server.Tests.Processors.FakeStripe;

/// <summary>stripe-openapi-subset.json: finds the operation a request is for and checks its parameters the way
/// Stripe's API answers bad ones, so the fake refuses what real Stripe would refuse.</summary>
internal sealed class OpenApiSubset
{
    public const string FileName = "stripe-openapi-subset.json";

    readonly JsonObject _spec;
    readonly List<(string Method, string Template, Regex Pattern, JsonObject Operation)> _operations = [];

    OpenApiSubset(JsonObject spec)
    {
        _spec = spec;
        foreach (var (template, item) in spec["paths"]!.AsObject())
            foreach (var (method, operation) in item!.AsObject())
            {
                var pattern = "^" + Regex.Replace(Regex.Escape(template).Replace(@"\{", "{"), "{([a-z_]+)}", "(?<$1>[^/]+)") + "$";
                _operations.Add((method.ToUpperInvariant(), template, new Regex(pattern), operation!.AsObject()));
            }
    }

    public static OpenApiSubset Load { get; } = new(JsonNode.Parse(File.ReadAllText(
        Path.Combine(AppContext.BaseDirectory, "Processors", "FakeStripe", FileName)))!.AsObject());

    public string Version => _spec["info"]!["version"]!.GetValue<string>();

    public JsonObject Schema(string name) => _spec["components"]!["schemas"]![name]!.AsObject();

    /// <summary>The operation for a method and path, as "METHOD /v1/template", with its path values; null if the subset
    /// does not describe the request.</summary>
    public (string Operation, Dictionary<string, string> PathValues)? Match(string method, string path)
    {
        foreach (var (m, template, pattern, _) in _operations)
        {
            if (m != method) continue;
            var match = pattern.Match(path);
            if (!match.Success) continue;
            var values = pattern.GetGroupNames().Where(g => !int.TryParse(g, out _))
                .ToDictionary(g => g, g => Uri.UnescapeDataString(match.Groups[g].Value));
            return ($"{m} {template}", values);
        }
        return null;
    }

    /// <summary>Checks query and body parameters against the operation; null when valid.</summary>
    public ParamError? Validate(string operation, Dictionary<string, object> query, Dictionary<string, object> body)
    {
        var (method, template) = (operation[..operation.IndexOf(' ')], operation[(operation.IndexOf(' ') + 1)..]);
        var op = _operations.Single(o => o.Method == method && o.Template == template).Operation;
        var queryParams = (op["parameters"]?.AsArray() ?? []).Select(p => p!.AsObject()).Where(p => (string?)p["in"] == "query").ToList();
        // The operation's query parameters read as one object schema, so both halves go through the same check.
        var querySchema = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject(queryParams.Select(p => KeyValuePair.Create<string, JsonNode?>((string)p["name"]!, p["schema"]!.DeepClone()))),
            ["required"] = new JsonArray(queryParams.Where(p => (bool?)p["required"] == true).Select(p => (JsonNode)(string)p["name"]!).ToArray()),
        };
        var bodySchema = op["requestBody"]?["content"]?["application/x-www-form-urlencoded"]?["schema"]?.AsObject()
            ?? new JsonObject { ["type"] = "object", ["properties"] = new JsonObject() };
        return CheckObject(querySchema, query, null) ?? CheckObject(bodySchema, body, null);
    }

    /// <summary>What a response object lacks or gets wrong against its schema: required fields, and the type, enum
    /// and nullability of each top-level field the schema describes.</summary>
    public List<string> ResponseProblems(string schemaName, JsonObject value)
    {
        var schema = Schema(schemaName);
        var problems = (schema["required"]?.AsArray() ?? []).Select(r => (string)r!)
            .Where(r => !value.ContainsKey(r)).Select(r => $"{schemaName}.{r} is required").ToList();
        foreach (var (name, property) in schema["properties"]!.AsObject())
        {
            if (!value.TryGetPropertyValue(name, out var field)) continue;
            if (!ResponseFieldFits(Resolve(property!), field)) problems.Add($"{schemaName}.{name} = {field?.ToJsonString() ?? "null"} does not fit its schema");
        }
        return problems;
    }

    bool ResponseFieldFits(JsonObject schema, JsonNode? field)
    {
        if (field is null) return (bool?)schema["nullable"] == true;
        if (schema["anyOf"] is JsonArray anyOf) return anyOf.Any(branch => ResponseFieldFits(Resolve(branch!), field));
        if (schema["enum"] is JsonArray values && field is JsonValue v && v.TryGetValue<string>(out var s))
            return values.Any(e => (string?)e == s);
        return (string?)schema["type"] switch
        {
            "string" => field is JsonValue sv && sv.TryGetValue<string>(out _),
            "integer" => field is JsonValue iv && iv.TryGetValue<long>(out _),
            "number" => field is JsonValue nv && nv.TryGetValue<double>(out _),
            "boolean" => field is JsonValue bv && bv.TryGetValue<bool>(out _),
            "array" => field is JsonArray,
            "object" => field is JsonObject,
            // A $ref to a schema the subset leaves out: present, so accepted.
            _ => true,
        };
    }

    JsonObject Resolve(JsonNode schema)
    {
        if (schema["$ref"] is JsonValue reference)
        {
            var name = ((string)reference!)["#/components/schemas/".Length..];
            return _spec["components"]!["schemas"]![name]?.AsObject() ?? new JsonObject();
        }
        return schema.AsObject();
    }

    ParamError? Check(JsonObject schema, object value, string param)
    {
        schema = Resolve(schema);
        if (schema["anyOf"] is JsonArray anyOf)
        {
            ParamError? best = null;
            foreach (var branch in anyOf)
            {
                var error = Check(branch!.AsObject(), value, param);
                if (error is null) return null;
                // A branch of the right shape explains the failure better than one of the wrong shape.
                if (best is null || (best.Shape && !error.Shape)) best = error;
            }
            return best;
        }
        var type = (string?)schema["type"];
        if (type == "object") return value is Dictionary<string, object> map ? CheckObject(schema, map, param) : ShapeError("object", value, param);
        if (type == "array")
        {
            if (value is not List<object> list) return ShapeError("array", value, param);
            for (var i = 0; i < list.Count; i++)
                if (schema["items"] is JsonObject items && Check(items, list[i], $"{param}[{i}]") is { } error) return error;
            return null;
        }
        if (value is not string text) return ShapeError(type ?? "string", value, param);
        if (schema["enum"] is JsonArray values && !values.Any(e => (string?)e == text))
        {
            var allowed = values.Select(e => (string?)e).Where(e => e is not null).ToList();
            // Stripe's enums that allow "" are written as anyOf [..., enum [""]]; saying "must be one of" with an empty
            // option would read oddly, so such a branch reports as a shape mismatch.
            var shape = allowed is [""];
            return new ParamError("parameter_invalid_enum", param,
                $"Invalid {param}: must be one of {string.Join(", ", allowed.Take(allowed.Count - 1))}{(allowed.Count > 1 ? " or " : "")}{allowed.Last()}", shape);
        }
        return type switch
        {
            "integer" when !long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) =>
                new ParamError("parameter_invalid_integer", param, $"Invalid integer: {text}", false),
            "number" when !decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) =>
                new ParamError("parameter_invalid_number", param, $"Invalid decimal: {text}", false),
            "boolean" when text is not ("true" or "false") =>
                new ParamError("parameter_invalid_boolean", param, $"Invalid boolean: {text}", false),
            _ => null,
        };
    }

    ParamError? CheckObject(JsonObject schema, Dictionary<string, object> map, string? param)
    {
        var properties = schema["properties"]?.AsObject();
        var additional = schema["additionalProperties"];
        foreach (var (key, value) in map)
        {
            var name = param is null ? key : $"{param}[{key}]";
            if (properties?[key] is JsonObject property)
            {
                if (Check(property, value, name) is { } error) return error;
            }
            else if (additional is JsonObject extra)
            {
                if (Check(extra, value, name) is { } error) return error;
            }
            else if (additional is not JsonValue allowed || !(bool)allowed)
                return new ParamError("parameter_unknown", name, $"Received unknown parameter: {name}", false);
        }
        foreach (var required in schema["required"]?.AsArray() ?? [])
        {
            var name = (string)required!;
            if (!map.ContainsKey(name))
            {
                var full = param is null ? name : $"{param}[{name}]";
                return new ParamError("parameter_missing", full, $"Missing required param: {full}.", false);
            }
        }
        return null;
    }

    static ParamError ShapeError(string expected, object value, string param) => new(
        $"parameter_invalid_{expected}", param,
        value is string text ? $"Invalid {expected}: {text}" : $"Invalid {expected} for {param}: received {(value is List<object> ? "an array" : "an object")}", true);
}

/// <summary>One parameter problem, shaped for Stripe's invalid_request_error. <see cref="Shape"/> marks a value of the
/// wrong kind altogether (an object where a string goes), which anyOf uses to pick the most telling branch.</summary>
internal sealed record ParamError(string Code, string Param, string Message, bool Shape);
