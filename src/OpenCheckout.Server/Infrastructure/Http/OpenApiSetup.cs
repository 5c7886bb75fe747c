using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.OpenApi;
using OpenCheckout.Wire;

namespace OpenCheckout.Server.Infrastructure.Http;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c> (committed as docs/openapi.json, checked by a test): every body
/// a typed schema from the wire records, every error the contract's <see cref="ErrorBody"/>, string enums from
/// <see cref="AllowedValuesAttribute"/>, the bearer API-key scheme.</summary>
static class OpenApiSetup
{
    public static void AddApiDocument(this WebApplicationBuilder builder)
    {
        // Answers are written by WireResults with WireJson; these options only describe them: snake_case names, numbers as
        // numbers (the web default would let every integer be a string too), nullable annotations respected.
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            o.SerializerOptions.RespectNullableAnnotations = true;
        });
        // .Takes<T>() declares each body as JSON for the document; routing would then answer any other content type with an
        // empty 415 of its own, before RequestBody could answer with the contract's error. The document keeps the
        // declaration; routing's content-type policy is taken out.
        foreach (var policy in builder.Services.Where(d => d.ServiceType == typeof(MatcherPolicy) && d.ImplementationType?.Name == "AcceptsMatcherPolicy").ToList())
            builder.Services.Remove(policy);
        builder.Services.AddOpenApi(o =>
        {
            o.AddSchemaTransformer((schema, context, _) =>
            {
                if (context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(AllowedValuesAttribute), false) is [AllowedValuesAttribute allowed, ..])
                    schema.Enum = [.. allowed.Values.Select(v => (JsonNode)JsonValue.Create((string)v!)),
                        .. schema.Type?.HasFlag(JsonSchemaType.Null) == true ? [null!] : Array.Empty<JsonNode>()];
                return Task.CompletedTask;
            });
            o.AddDocumentTransformer((document, _, _) =>
            {
                // The document is committed, so it must not name the host it was served from.
                document.Servers?.Clear();
                document.Info.Title = "OpenCheckout API";
                document.Info.Description = "Flex-compatible hosted checkout. Contract: API-CONTRACT.md.";
                document.Components ??= new();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["apiKey"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "A secret API key: fsk_test_... for test mode, fsk_... for live mode.",
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("apiKey", document)] = [] }];
                return Task.CompletedTask;
            });
        });
    }

    /// <summary>An endpoint's answer: <typeparamref name="T"/> on 200.</summary>
    public static RouteHandlerBuilder Answers<T>(this RouteHandlerBuilder endpoint) => endpoint.Produces<T>(StatusCodes.Status200OK, "application/json");

    /// <summary>An endpoint's JSON body.</summary>
    public static RouteHandlerBuilder Takes<T>(this RouteHandlerBuilder endpoint) where T : notnull =>
        endpoint.Accepts<T>("application/json");

    /// <summary>A list endpoint's query: the paging parameters every list takes, then its own <paramref name="filters"/>.</summary>
    public static RouteHandlerBuilder Lists(this RouteHandlerBuilder endpoint, params Filter[] filters) =>
        endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (var parameter in Paging.Concat(filters))
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = parameter.Name,
                    In = ParameterLocation.Query,
                    Description = parameter.Description,
                    Schema = new OpenApiSchema
                    {
                        Type = parameter.Type,
                        Enum = parameter.Values?.Select(v => (JsonNode)JsonValue.Create(v)).ToList(),
                    },
                });
            return Task.CompletedTask;
        });

    static readonly Filter[] Paging =
    [
        new("limit", "1 to 100 objects a page (default 10).", JsonSchemaType.Integer),
        Filter.Text("starting_after", "An object id: the page after it (the next page starts after the last id of this one)."),
        Filter.Text("ending_before", "An object id: the page before it."),
        new("offset", "Objects to skip, 0 to 10,000.", JsonSchemaType.Integer),
    ];

    /// <summary>The errors every /v1 endpoint may answer, in the contract's shape: from the key check, the rate limiter and
    /// the database (all), an unknown id (routes with one), a body or state refused and an unknown object named in a body
    /// (writes; 422 as Flex answers it). A 500 should never happen; if one does, it has the same shape.</summary>
    public static RouteGroupBuilder DescribesApiErrors(this RouteGroupBuilder v1)
    {
        ((IEndpointConventionBuilder)v1).Add(endpoint =>
        {
            var writes = endpoint.Metadata.OfType<IHttpMethodMetadata>().Any(m => m.HttpMethods.Any(h => h != HttpMethods.Get));
            var names = endpoint is RouteEndpointBuilder route && route.RoutePattern.Parameters.Any(p => p.Name == "id");
            List<int> statuses = [StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized];
            if (names) statuses.Add(StatusCodes.Status404NotFound);
            if (writes)
            {
                statuses.AddRange([StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType,
                    StatusCodes.Status422UnprocessableEntity]);
            }
            statuses.AddRange([StatusCodes.Status429TooManyRequests, StatusCodes.Status500InternalServerError, StatusCodes.Status503ServiceUnavailable]);
            foreach (var status in statuses)
                endpoint.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ErrorBody), ["application/json"]));
        });
        return v1;
    }
}

/// <summary>A query parameter of a list endpoint, as the OpenAPI document describes it.</summary>
sealed record Filter(string Name, string Description, JsonSchemaType Type, string[]? Values = null)
{
    public static Filter Text(string name, string description) => new(name, description, JsonSchemaType.String);
    public static Filter Flag(string name, string description) => new(name, description, JsonSchemaType.Boolean);
    public static Filter UnixTime(string name, string description) => new(name, description, JsonSchemaType.Integer);
    public static Filter OneOf(string name, string description, params string[] values) => new(name, description, JsonSchemaType.String, values);
}

