using System.Globalization;
using System.Text.Json.Nodes;

namespace OpenCheckout.Cli.Commands;

/// <summary>Stripe CLI's <c>--override resource:path=value</c>, <c>--add resource:path=value</c> and <c>--remove resource:path</c>:
/// edits to the JSON body of the request that creates <c>resource</c>, made before it is sent. Paths are dotted
/// (<c>metadata.order</c>, <c>line_items.0.quantity</c>); Stripe's brackets (<c>line_items[0][quantity]</c>) mean the same.</summary>
sealed class RequestOverrides
{
    readonly List<Edit> _edits;

    RequestOverrides(List<Edit> edits) => _edits = edits;

    sealed record Edit(string Option, string Resource, string[] Path, string? Value);

    /// <summary>Every edit, checked for its form only; <see cref="CheckResources"/> checks the resources once the event is known.</summary>
    public static RequestOverrides Parse(string[]? overrides, string[]? adds, string[]? removes)
    {
        var edits = new List<Edit>();
        foreach (var given in overrides ?? []) edits.Add(ParseOne("--override", given, withValue: true));
        foreach (var given in adds ?? []) edits.Add(ParseOne("--add", given, withValue: true));
        foreach (var given in removes ?? []) edits.Add(ParseOne("--remove", given, withValue: false));
        return new RequestOverrides(edits);
    }

    static Edit ParseOne(string option, string given, bool withValue)
    {
        var form = withValue ? "resource:path=value" : "resource:path";
        var colon = given.IndexOf(':');
        if (colon <= 0) throw new CliException($"{option} takes {form} (e.g. checkout_session:metadata.order=42), not '{given}': no resource before a ':'.");
        var resource = given[..colon];
        var rest = given[(colon + 1)..];
        string? value = null;
        if (withValue)
        {
            var equals = rest.IndexOf('=');
            if (equals < 0) throw new CliException($"{option} takes {form}, not '{given}': no '=' before the value.");
            value = rest[(equals + 1)..];
            rest = rest[..equals];
        }
        var path = rest.Replace("][", ".", StringComparison.Ordinal).Replace('[', '.').Replace("]", "", StringComparison.Ordinal).Split('.');
        if (path.Any(string.IsNullOrWhiteSpace)) throw new CliException($"{option} '{given}' has an empty field name in its path '{rest}'.");
        return new Edit(option, resource, path, value);
    }

    /// <summary>An edit for a resource this trigger does not create is a mistake, not something to ignore.</summary>
    public void CheckResources(string eventType, IReadOnlyCollection<string> created)
    {
        foreach (var edit in _edits.Where(e => !created.Contains(e.Resource)))
            throw new CliException($"{edit.Option} names '{edit.Resource}', which `trigger {eventType}` does not create; it creates: "
                + $"{(created.Count == 0 ? "nothing to override" : string.Join(", ", created))}.");
    }

    /// <summary>Applies the edits for <paramref name="resource"/> to <paramref name="body"/>, in the order given.</summary>
    public JsonObject Apply(string resource, JsonObject body)
    {
        foreach (var edit in _edits.Where(e => e.Resource == resource))
        {
            if (edit.Value is null) Remove(body, edit.Path);
            else Set(edit, body);
        }
        return body;
    }

    static void Set(Edit edit, JsonObject body)
    {
        JsonNode container = body;
        for (var i = 0; i < edit.Path.Length - 1; i++)
            container = Child(edit, container, edit.Path[i], create: true, nextIsIndex: IsIndex(edit.Path[i + 1]))!;
        var last = edit.Path[^1];
        var parentName = edit.Path.Length > 1 ? edit.Path[^2] : null;
        switch (container)
        {
            case JsonObject o:
                o[last] = Value(edit, o[last], parentName);
                break;
            case JsonArray a when Index(edit, a, last) is var index:
                var value = Value(edit, index < a.Count ? a[index] : null, parentName);
                if (index < a.Count) a[index] = value;
                else a.Add(value);
                break;
        }
    }

    static void Remove(JsonObject body, string[] path)
    {
        JsonNode? container = body;
        foreach (var segment in path[..^1])
            container = container switch
            {
                JsonObject o => o[segment],
                JsonArray a when int.TryParse(segment, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < a.Count => a[i],
                _ => null,
            };
        switch (container)
        {
            case JsonObject o:
                o.Remove(path[^1]);
                break;
            case JsonArray a when int.TryParse(path[^1], CultureInfo.InvariantCulture, out var i) && i >= 0 && i < a.Count:
                a.RemoveAt(i);
                break;
        }
    }

    static JsonNode? Child(Edit edit, JsonNode container, string segment, bool create, bool nextIsIndex)
    {
        JsonNode Fresh() => nextIsIndex ? new JsonArray() : new JsonObject();
        switch (container)
        {
            case JsonObject o:
                if (o[segment] is JsonObject or JsonArray) return o[segment];
                return create ? o[segment] = Fresh() : null;
            case JsonArray a:
                var index = Index(edit, a, segment);
                if (index < a.Count && a[index] is JsonObject or JsonArray) return a[index];
                var made = Fresh();
                if (index < a.Count) a[index] = made;
                else a.Add(made);
                return made;
            default:
                return null;
        }
    }

    static bool IsIndex(string segment) => segment.All(char.IsAsciiDigit);

    /// <summary>An existing element, or the one just past the end (which appends).</summary>
    static int Index(Edit edit, JsonArray array, string segment)
    {
        if (!int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index > array.Count)
            throw new CliException($"{edit.Option} {edit.Resource}:{string.Join('.', edit.Path)}: '{segment}' is not an index of that list "
                + $"(it has {array.Count} item{(array.Count == 1 ? "" : "s")}; {array.Count} appends one).");
        return index;
    }

    /// <summary>A string, unless the field already holds a number or a boolean, or a new field (not a metadata entry, whose values
    /// are always strings) is given a whole number, <c>true</c> or <c>false</c>. A value in double quotes is always a string.</summary>
    static JsonNode? Value(Edit edit, JsonNode? existing, string? parentName)
    {
        var text = edit.Value!;
        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"') return JsonValue.Create(text[1..^1]);
        if (existing is JsonValue current)
        {
            switch (current.GetValueKind())
            {
                case System.Text.Json.JsonValueKind.Number:
                    return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? JsonValue.Create(n)
                        : throw new CliException($"{edit.Option} {edit.Resource}:{string.Join('.', edit.Path)} must be a whole number, got '{text}'.");
                case System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False:
                    return bool.TryParse(text, out var b) ? JsonValue.Create(b)
                        : throw new CliException($"{edit.Option} {edit.Resource}:{string.Join('.', edit.Path)} must be true or false, got '{text}'.");
                case System.Text.Json.JsonValueKind.String:
                    return JsonValue.Create(text);
            }
        }
        if (parentName != "metadata")
        {
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole)) return JsonValue.Create(whole);
            if (text is "true" or "false") return JsonValue.Create(text == "true");
        }
        return JsonValue.Create(text);
    }
}
