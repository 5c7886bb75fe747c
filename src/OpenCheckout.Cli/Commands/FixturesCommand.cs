using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpenCheckout.Client;

namespace OpenCheckout.Cli.Commands;

/// <summary><c>opencheckout fixtures apply FILE</c>: runs Stripe CLI's fixture format (<c>{"_meta": {...}, "fixtures": [{name, path,
/// method, params}]}</c>) against this server, each step's JSON sent as it is after its references are filled in:
/// <c>${name:json.path}</c> from an earlier step's response, <c>${.env:VAR}</c> (or <c>${.env:VAR|default}</c>) from the environment.
/// Our responses are enveloped (<c>{"product": {...}}</c>); a path the response lacks is looked up inside the envelope's one object
/// too, and <c>id</c> there means its <c>&lt;object&gt;_id</c>, so Stripe's <c>${prod:id}</c> works as written.</summary>
static partial class FixturesCommand
{
    static readonly string[] Methods = ["get", "post", "patch", "delete"];

    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The fixture file (JSON)." };
        var apply = new Command("apply", "Run a fixture file's requests in order; stop at the first that fails.") { file };
        apply.SetCliAction(async (cli, result, ct) =>
        {
            cli.RequireTestKey("fixtures apply");
            var steps = Load(result.GetValue(file)!);
            var responses = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
            foreach (var step in steps)
            {
                var path = Fill(step.Path, responses, step.Name)?.ToString() ?? "";
                var body = step.Params is null ? null : Fill(step.Params, responses, step.Name);
                var method = new HttpMethod(step.Method.ToUpperInvariant());
                JsonNode answer;
                try
                {
                    answer = await cli.Client.RawRequestAsync(method, path, method == HttpMethod.Get || method == HttpMethod.Delete ? null : body, ct: ct);
                }
                catch (OpenCheckoutException e) when (e.StatusCode is not null)
                {
                    cli.Say($"{step.Name}  {method} {path}  {(int)e.StatusCode}  failed");
                    cli.Error.WriteLine($"Fixture '{step.Name}' failed; the steps after it were not run.");
                    throw;
                }
                responses[step.Name] = answer;
                if (cli.Json) cli.WriteRawJson();
                else cli.Out.WriteLine($"{step.Name}  {method} {path}  {cli.LastStatus}  {IdOf(answer) ?? "-"}");
            }
            return ExitCodes.Ok;
        });
        return new Command("fixtures", "Test mode: create objects from a fixture file (Stripe CLI's format).") { apply };
    }

    sealed record Step(string Name, string Method, JsonNode Path, JsonNode? Params);

    static List<Step> Load(FileInfo file)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(file.FullName));
        }
        catch (IOException e)
        {
            throw new CliException($"Cannot read the fixture file {file.FullName}: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new CliException($"Cannot read the fixture file {file.FullName}: {e.Message}");
        }
        catch (JsonException e)
        {
            throw new CliException($"{file.Name} is not valid JSON: {e.Message}");
        }
        if (root?["fixtures"] is not JsonArray fixtures)
            throw new CliException($"{file.Name} has no \"fixtures\" list: expected {{\"_meta\": {{\"template_version\": 0}}, \"fixtures\": [{{\"name\", \"path\", \"method\", \"params\"}}, ...]}}.");
        var steps = new List<Step>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < fixtures.Count; i++)
        {
            var where = $"{file.Name}: fixtures[{i}]";
            if (fixtures[i] is not JsonObject step) throw new CliException($"{where} is not an object.");
            var name = Text(step, "name", where) ?? throw new CliException($"{where} has no \"name\".");
            if (!names.Add(name)) throw new CliException($"{where}: the name '{name}' is used twice; later steps could not tell which one they mean.");
            var path = Text(step, "path", where) ?? throw new CliException($"{where} ('{name}') has no \"path\".");
            var method = (Text(step, "method", where) ?? "post").ToLowerInvariant();
            if (!Methods.Contains(method)) throw new CliException($"{where} ('{name}'): method must be one of {string.Join(", ", Methods)}, not '{method}'.");
            var parameters = step["params"];
            if (parameters is not null and not JsonObject) throw new CliException($"{where} ('{name}'): \"params\" must be an object.");
            steps.Add(new Step(name, method, JsonValue.Create(path), parameters?.DeepClone()));
        }
        return steps;
    }

    static string? Text(JsonObject step, string field, string where) => step[field] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => throw new CliException($"{where}: \"{field}\" must be a string."),
    };

    [GeneratedRegex(@"\$\{([^}:]+):([^}]*)\}")]
    private static partial Regex Reference();

    /// <summary>A copy of <paramref name="node"/> with every reference filled in. A string that is one reference and nothing else
    /// takes the referenced value as it is (a number stays a number); inside longer text it is written as text.</summary>
    static JsonNode? Fill(JsonNode? node, Dictionary<string, JsonNode> responses, string step)
    {
        switch (node)
        {
            case JsonObject o:
                var filled = new JsonObject();
                foreach (var (key, value) in o) filled[key] = Fill(value, responses, step);
                return filled;
            case JsonArray a:
                return new JsonArray([.. a.Select(item => Fill(item, responses, step))]);
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                var text = v.GetValue<string>();
                var whole = Reference().Match(text);
                if (whole.Success && whole.Length == text.Length) return Resolve(whole, responses, step)?.DeepClone();
                return JsonValue.Create(Reference().Replace(text, m => Resolve(m, responses, step) switch
                {
                    JsonValue s when s.GetValueKind() == JsonValueKind.String => s.GetValue<string>(),
                    null => "",
                    var other => other.ToJsonString(),
                }));
            default:
                return node?.DeepClone();
        }
    }

    static JsonNode? Resolve(Match reference, Dictionary<string, JsonNode> responses, string step)
    {
        var (source, path) = (reference.Groups[1].Value, reference.Groups[2].Value);
        if (source == ".env")
        {
            var bar = path.IndexOf('|');
            var (variable, fallback) = bar < 0 ? (path, null) : (path[..bar], path[(bar + 1)..]);
            return JsonValue.Create(Environment.GetEnvironmentVariable(variable) ?? fallback
                ?? throw new CliException($"Fixture '{step}' uses {reference.Value}, but the environment variable {variable} is not set.", ExitCodes.Failed));
        }
        if (!responses.TryGetValue(source, out var response))
            throw new CliException($"Fixture '{step}' uses {reference.Value}, but no earlier step is named '{source}'.", ExitCodes.Failed);
        var segments = path.Replace("][", ".", StringComparison.Ordinal).Replace('[', '.').Replace("]", "", StringComparison.Ordinal).Split('.');
        var found = Walk(response, segments);
        // Stripe's paths name the object's own fields: look inside our envelope's one object too.
        if (found is null && response is JsonObject { Count: 1 } envelope && envelope.First() is (var kind, JsonObject inner))
            found = Walk(inner, segments) ?? (segments is ["id", ..] ? Walk(inner, [$"{kind}_id", .. segments[1..]]) : null);
        return found ?? throw new CliException($"Fixture '{step}' uses {reference.Value}, but the response of '{source}' has nothing at '{path}'.", ExitCodes.Failed);
    }

    static JsonNode? Walk(JsonNode? node, string[] segments)
    {
        foreach (var segment in segments)
            node = node switch
            {
                JsonObject o => o[segment],
                JsonArray a when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
                _ => null,
            };
        return node;
    }

    /// <summary>The id of the object in an enveloped answer: its <c>id</c>, else its <c>&lt;object&gt;_id</c>.</summary>
    static string? IdOf(JsonNode answer)
    {
        if (answer is not JsonObject { Count: >= 1 } envelope || envelope.First() is not (var kind, JsonObject inner)) return null;
        var id = inner["id"] ?? inner[$"{kind}_id"];
        return id is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
    }
}
