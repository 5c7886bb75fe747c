using System.Text.Json.Nodes;

namespace OpenCheckout.Server.Tests.Processors.FakeStripe;

/// <summary>Every error body the fake answers with, in Stripe's <c>{"error":{…}}</c> shape (schema <c>error</c>).</summary>
internal static class StripeErrors
{
    public static Reply Invalid(string? code, string? param, string message, int status = 400) =>
        new(status, Body("invalid_request_error", code, param, message));

    public static Reply Param(ParamError e) => Invalid(e.Code, e.Param, e.Message);

    public static Reply Missing(string objectName, string id, string param) =>
        Invalid("resource_missing", param, $"No such {objectName}: '{id}'", 404);

    public static Reply UnexpectedState(string message) => Invalid("payment_intent_unexpected_state", null, message);

    public static Reply NoApiKey() => Invalid(null, null,
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').", 401);

    public static Reply BadApiKey(string key) => Invalid(null, null,
        $"Invalid API Key provided: {(key.Length > 8 ? key[..8] + new string('*', Math.Max(0, key.Length - 12)) + key[^4..] : "****")}", 401);

    public static Reply PublishableKeyRefused() => Invalid(null, null,
        "This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.", 401);

    public static Reply UnrecognizedUrl(string method, string path) => Invalid(null, null,
        $"Unrecognized request URL ({method}: {path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.", 404);

    public static Reply Idempotency(string key) => new(400, Body("idempotency_error", null, null,
        $"Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{key}' if you meant to execute a different request."));

    public static Reply ServerError() => new(500, Body("api_error", null, null, "An unknown error occurred"));

    /// <summary>A 402 card error; <paramref name="embed"/> adds payment_intent / payment_method as Stripe does.</summary>
    public static Reply Card(CardDecline decline, string? param, Action<JsonObject>? embed = null)
    {
        var body = Body("card_error", decline.Code, param, decline.Message);
        var error = body["error"]!.AsObject();
        if (decline.DeclineCode is not null) error["decline_code"] = decline.DeclineCode;
        error["doc_url"] = $"https://stripe.com/docs/error-codes/{decline.Code.Replace('_', '-')}";
        embed?.Invoke(error);
        return new Reply(402, body);
    }

    static JsonObject Body(string type, string? code, string? param, string message)
    {
        var error = new JsonObject { ["type"] = type, ["message"] = message };
        if (code is not null) error["code"] = code;
        if (param is not null) error["param"] = param;
        return new JsonObject { ["error"] = error };
    }
}

/// <summary>What a handler answers: an HTTP status and a JSON body.</summary>
internal sealed record Reply(int Status, JsonObject Body);
