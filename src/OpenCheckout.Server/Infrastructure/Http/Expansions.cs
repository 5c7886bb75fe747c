using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;

namespace OpenCheckout.Server.Infrastructure.Http;

/// <summary>Loads the objects an id field of an answer names, to put in its place: one per expandable field name
/// (<c>customer</c>, <c>payment_intent</c>, <c>product</c>), registered by the feature that owns the object.</summary>
public interface IExpansion
{
    /// <summary>The JSON field holding the id, and the name a request asks for it by.</summary>
    string Field { get; }

    /// <summary>The objects with these ids the merchant owns, each as its own GET answers it (without the envelope).</summary>
    Task<IReadOnlyDictionary<string, JsonNode>> LoadAsync(CheckoutDb db, Merchant merchant, IReadOnlyCollection<string> ids, CancellationToken ct);
}

/// <summary>Expanding responses, as Flex and Stripe do: <c>expand_customer=true</c> (Flex's flags), <c>expand=customer,payment_intent</c>
/// or Stripe's <c>expand[]=customer</c> (<c>data.customer</c> on lists) turn those id fields of a GET's answer into the objects
/// themselves. The endpoint's handler is unchanged: its answer is buffered and rewritten. An expansion the endpoint does not offer
/// is a 400, as is a flag that is not true or false.</summary>
public static class Expansions
{
    const string ExpandParam = "expand";
    const string FlagPrefix = "expand_";

    /// <summary>Every GET of <paramref name="v1"/> checks its query's expansions against what the endpoint offers (none unless it
    /// says <see cref="Expands"/>), so an unknown one is a 400 everywhere, and expands the answer.</summary>
    public static RouteGroupBuilder ExpandsResponses(this RouteGroupBuilder v1) => v1.AddEndpointFilter(async (context, next) =>
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsGet(http.Request.Method)) return await next(context);
        var offered = http.GetEndpoint()?.Metadata.GetMetadata<Expandable>()?.Fields ?? [];
        var (requested, error) = Requested(http.Request.Query, offered);
        if (error is not null) return error.ToResult();
        var result = await next(context);
        return requested.Count == 0 || result is not IResult inner ? result : new Expanded(inner, requested);
    });

    /// <summary>The endpoint offers <paramref name="fields"/> for expansion (each needs an <see cref="IExpansion"/> registered).</summary>
    public static RouteHandlerBuilder Expands(this RouteHandlerBuilder endpoint, params string[] fields) => endpoint
        .WithMetadata(new Expandable(fields))
        .AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = ExpandParam,
                In = ParameterLocation.Query,
                Description = $"Comma-separated fields to expand into objects: {string.Join(", ", fields)}.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
            foreach (var field in fields)
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = FlagPrefix + field,
                    In = ParameterLocation.Query,
                    Description = $"true: answer {field} as an object instead of its id (Flex's flag; the same as expand={field}).",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Boolean },
                });
            return Task.CompletedTask;
        });

    /// <summary>The expansions a query asks for, or the 400 for one it may not.</summary>
    static (List<string> Fields, ApiError? Error) Requested(IQueryCollection query, string[] offered)
    {
        var requested = new List<string>();
        string? Offer(string param, string name)
        {
            // Stripe names a list's objects' fields data.x; the field is the same.
            var field = name.StartsWith("data.", StringComparison.Ordinal) ? name["data.".Length..] : name;
            if (!offered.Contains(field))
                return $"{param}: '{name}' cannot be expanded here. "
                    + (offered.Length == 0 ? "This endpoint expands nothing." : $"This endpoint expands {string.Join(", ", offered)}.");
            if (!requested.Contains(field)) requested.Add(field);
            return null;
        }
        foreach (var (key, values) in query)
        {
            if (key is ExpandParam or "expand[]")
            {
                foreach (var name in values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
                    if (Offer(ExpandParam, name) is { } message) return ([], ApiErrors.Invalid(ExpandParam, "parameter_invalid", message));
            }
            else if (key.StartsWith(FlagPrefix, StringComparison.Ordinal))
            {
                if (!bool.TryParse(values.ToString(), out var on))
                    return ([], ApiErrors.Invalid(key, "parameter_invalid_boolean", $"{key} must be true or false."));
                if (Offer(key, key[FlagPrefix.Length..]) is { } message) return ([], ApiErrors.Invalid(key, "parameter_invalid", message));
                if (!on) requested.Remove(key[FlagPrefix.Length..]);
            }
        }
        return (requested, null);
    }

    sealed record Expandable(string[] Fields);

    /// <summary>The handler's answer with the requested id fields replaced by their objects, in every object of the envelope
    /// (one object, or each of a list's). Errors pass through untouched.</summary>
    sealed class Expanded(IResult inner, List<string> fields) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            var original = http.Response.Body;
            using var buffer = new MemoryStream();
            http.Response.Body = buffer;
            try
            {
                await inner.ExecuteAsync(http);
            }
            finally
            {
                http.Response.Body = original;
            }
            http.Response.ContentLength = null;
            if (http.Response.StatusCode != StatusCodes.Status200OK || JsonNode.Parse(buffer.ToArray()) is not JsonObject envelope)
            {
                buffer.Position = 0;
                await buffer.CopyToAsync(original, http.RequestAborted);
                return;
            }
            var objects = envelope.Select(p => p.Value)
                .SelectMany(value => value switch
                {
                    JsonObject one => [one],
                    JsonArray many => many.OfType<JsonObject>(),
                    _ => [],
                })
                .ToList();
            var merchant = http.Features.Get<Merchant>()!;
            var db = http.RequestServices.GetRequiredService<CheckoutDb>();
            var expansions = http.RequestServices.GetServices<IExpansion>().ToDictionary(e => e.Field);
            foreach (var field in fields)
            {
                var ids = objects.Select(o => o[field]).OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var id) ? id : null)
                    .OfType<string>().Distinct().ToList();
                if (ids.Count == 0) continue;
                var loaded = await expansions[field].LoadAsync(db, merchant, ids, http.RequestAborted);
                foreach (var target in objects)
                    if (target[field] is JsonValue value && value.TryGetValue<string>(out var id) && loaded.TryGetValue(id, out var expanded))
                        target[field] = expanded.DeepClone();
            }
            using var body = new MemoryStream();
            using (var writer = new System.Text.Json.Utf8JsonWriter(body, Utf8Json.WriterOptions)) envelope.WriteTo(writer);
            http.Response.ContentLength = body.Length;
            body.Position = 0;
            await body.CopyToAsync(original, http.RequestAborted);
        }
    }
}
