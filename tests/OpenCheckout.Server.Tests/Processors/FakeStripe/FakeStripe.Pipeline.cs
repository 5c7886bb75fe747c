using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace OpenCheckout.Server.Tests.Processors.FakeStripe;

// The request pipeline, in Stripe's order: fault injection (the network), route, API key, parameters, idempotency, handler.
public sealed partial class FakeStripe
{
    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    static readonly Dictionary<string, Func<FakeStripeStore, Call, Reply>> Handlers = new()
    {
        ["POST /v1/payment_intents"] = PaymentIntentsHandlers.Create,
        ["GET /v1/payment_intents/{intent}"] = PaymentIntentsHandlers.Retrieve,
        ["POST /v1/payment_intents/{intent}"] = PaymentIntentsHandlers.Update,
        ["POST /v1/payment_intents/{intent}/confirm"] = PaymentIntentsHandlers.ConfirmCall,
        ["POST /v1/payment_intents/{intent}/capture"] = PaymentIntentsHandlers.Capture,
        ["POST /v1/payment_intents/{intent}/cancel"] = PaymentIntentsHandlers.Cancel,
        ["POST /v1/payment_methods"] = PaymentMethodsHandlers.Create,
        ["GET /v1/payment_methods/{payment_method}"] = PaymentMethodsHandlers.Retrieve,
        ["POST /v1/payment_methods/{payment_method}/attach"] = PaymentMethodsHandlers.Attach,
        ["POST /v1/customers"] = CustomersHandlers.Create,
        ["GET /v1/customers/{customer}"] = CustomersHandlers.Retrieve,
        ["POST /v1/refunds"] = RefundsHandlers.Create,
        ["GET /v1/refunds/{refund}"] = RefundsHandlers.Retrieve,
        ["GET /v1/balance"] = RefundsHandlers.Balance,
    };

    // What Stripe.js may do with the publishable key.
    static readonly HashSet<string> PublishableAllowed = ["POST /v1/payment_methods", "GET /v1/payment_intents/{intent}"];

    readonly Dictionary<(string ApiKey, string Key), (string Fingerprint, Reply Reply)> _idempotent = [];

    async Task HandleAsync(HttpContext context)
    {
        var (method, path) = (context.Request.Method, context.Request.Path.Value ?? "/");
        // Stripe's API answers cross-origin calls from any page (Stripe.js runs on the merchant's origin).
        context.Response.Headers.AccessControlAllowOrigin = "*";
        if (method == "OPTIONS")
        {
            context.Response.Headers.AccessControlAllowHeaders = "Authorization, Content-Type, Stripe-Version, Idempotency-Key";
            context.Response.Headers.AccessControlAllowMethods = "GET, POST, DELETE";
            context.Response.StatusCode = 204;
            return;
        }
        if (method == "GET" && StripeJsFiles.TryServe(path) is { } file)
        {
            context.Response.ContentType = file.ContentType;
            await context.Response.SendFileAsync(file.Path);
            return;
        }
        if (method == "POST" && path.StartsWith("/_fake/3ds/", StringComparison.Ordinal))
        {
            await AuthenticateAsync(context, path["/_fake/3ds/".Length..]);
            return;
        }
        if (method == "GET" && path == "/favicon.ico")
        {
            context.Response.StatusCode = 204;
            return;
        }
        await ApiAsync(context, method, path);
    }

    async Task ApiAsync(HttpContext context, string method, string path)
    {
        var query = context.Request.Query.SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v ?? ""))).ToList();
        var body = context.Request.HasFormContentType
            ? (await context.Request.ReadFormAsync()).SelectMany(f => f.Value.Select(v => KeyValuePair.Create(f.Key, v ?? ""))).ToList()
            : [];
        var apiKey = context.Request.Headers.Authorization.ToString() is { } auth && auth.StartsWith("Bearer ", StringComparison.Ordinal) ? auth[7..].Trim() : null;
        var keyKind = apiKey is null ? StripeKeyKind.None : apiKey == SecretKey ? StripeKeyKind.Secret
            : apiKey == PublishableKey ? StripeKeyKind.Publishable : StripeKeyKind.Invalid;
        string? idempotencyKey = context.Request.Headers["Idempotency-Key"].ToString() is { Length: > 0 } k ? k : null;
        void Record(int status)
        {
            lock (_requests) _requests.Add(new FakeStripeRequest(method, path, Mask(method == "GET" ? query : [.. query, .. body]), idempotencyKey, keyKind, status));
        }

        switch (TakeFault(method, path))
        {
            case StripeFault.ServerError:
                Record(500);
                await WriteAsync(context, StripeErrors.ServerError(), null, false);
                return;
            case StripeFault.Timeout:
                try { await Task.Delay(FaultHold, context.RequestAborted); } catch (OperationCanceledException) { }
                Record(0);
                context.Abort();
                return;
            case StripeFault.ProcessThenDrop:
                Answer(context, method, path, query, body, apiKey, keyKind, idempotencyKey);
                Record(0);
                context.Abort();
                return;
            case StripeFault.ProcessThenHold:
                Answer(context, method, path, query, body, apiKey, keyKind, idempotencyKey);
                Record(0);
                try { await Task.Delay(FaultHold, context.RequestAborted); } catch (OperationCanceledException) { }
                context.Abort();
                return;
            default:
                var reply = Answer(context, method, path, query, body, apiKey, keyKind, idempotencyKey);
                Record(reply.Reply.Status);
                await WriteAsync(context, reply.Reply, idempotencyKey, reply.Replayed);
                return;
        }
    }

    (Reply Reply, bool Replayed) Answer(HttpContext context, string method, string path, List<KeyValuePair<string, string>> query,
        List<KeyValuePair<string, string>> body, string? apiKey, StripeKeyKind keyKind, string? idempotencyKey)
    {
        if (OpenApiSubset.Load.Match(method, path) is not var (operation, pathValues))
        {
            lock (_unvalidated) _unvalidated.Add($"{method} {path}");
            return (StripeErrors.UnrecognizedUrl(method, path), false);
        }
        var refusal = keyKind switch
        {
            StripeKeyKind.None => StripeErrors.NoApiKey(),
            StripeKeyKind.Invalid => StripeErrors.BadApiKey(apiKey!),
            StripeKeyKind.Publishable when !PublishableAllowed.Contains(operation) => StripeErrors.PublishableKeyRefused(),
            _ => null,
        };
        if (refusal is not null) return (refusal, false);
        var queryTree = FormTree.Parse(query);
        var bodyTree = FormTree.Parse(body);
        if (OpenApiSubset.Load.Validate(operation, queryTree, bodyTree) is { } invalid) return (StripeErrors.Param(invalid), false);

        lock (_store.Gate)
        {
            // Stripe keys idempotency per API key and honours it on POST only; failed validation is never stored.
            var fingerprint = string.Join("&", body.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
                .Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}")) + " " + operation + " " + path;
            var slot = (apiKey!, idempotencyKey ?? "");
            if (method == "POST" && idempotencyKey is not null && _idempotent.TryGetValue(slot, out var stored))
                return stored.Fingerprint == fingerprint ? (stored.Reply, true) : (StripeErrors.Idempotency(idempotencyKey), false);
            var call = new Call(pathValues, method == "GET" ? queryTree : Merge(queryTree, bodyTree), keyKind);
            var reply = Handlers[operation](_store, call);
            PublishRaised(context.TraceIdentifier, idempotencyKey);
            if (method == "POST" && idempotencyKey is not null) _idempotent[slot] = (fingerprint, reply);
            return (reply, false);
        }
    }

    /// <summary>Turns the events the last handler raised into Stripe events and hands them to the sender, in order.
    /// Called with the store's gate held.</summary>
    void PublishRaised(string? requestId, string? idempotencyKey)
    {
        foreach (var (type, snapshot) in _store.Raised)
        {
            var id = Entity.NewId("evt");
            var json = new JsonObject
            {
                ["id"] = id, ["object"] = "event", ["api_version"] = EventApiVersion, ["created"] = FakeStripeStore.Now,
                ["data"] = new JsonObject { ["object"] = snapshot },
                ["livemode"] = false, ["pending_webhooks"] = WebhookUrl is null ? 0 : 1,
                ["request"] = new JsonObject { ["id"] = requestId is null ? null : "req_" + requestId.Replace(":", ""), ["idempotency_key"] = idempotencyKey },
                ["type"] = type,
            }.ToJsonString(Indented);
            var e = new FakeStripeEvent(id, type, json);
            _events.Add(e);
            _webhooks.Send(e);
        }
        _store.Raised.Clear();
    }

    async Task AuthenticateAsync(HttpContext context, string intentId)
    {
        var form = await context.Request.ReadFormAsync();
        Reply reply;
        lock (_store.Gate)
        {
            reply = PaymentIntentsHandlers.Authenticate(_store, intentId, form["client_secret"], form["outcome"] == "complete");
            PublishRaised(null, null);
        }
        await WriteAsync(context, reply, null, false);
    }

    StripeFault? TakeFault(string method, string path)
    {
        lock (_faults)
        {
            var index = _faults.FindIndex(f => f.Method == method && path.StartsWith(f.PathPrefix, StringComparison.Ordinal));
            if (index < 0) return null;
            var fault = _faults[index].Fault;
            _faults.RemoveAt(index);
            return fault;
        }
    }

    static async Task WriteAsync(HttpContext context, Reply reply, string? idempotencyKey, bool replayed)
    {
        context.Response.StatusCode = reply.Status;
        context.Response.Headers["Request-Id"] = "req_" + context.TraceIdentifier.Replace(":", "");
        context.Response.Headers["Stripe-Version"] = context.Request.Headers["Stripe-Version"].ToString() is { Length: > 0 } v ? v : Stripe.StripeConfiguration.ApiVersion;
        if (idempotencyKey is not null) context.Response.Headers["Idempotency-Key"] = idempotencyKey;
        if (replayed) context.Response.Headers["Idempotent-Replayed"] = "true";
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(reply.Body.ToJsonString(Indented));
    }

    static Dictionary<string, object> Merge(Dictionary<string, object> query, Dictionary<string, object> body)
    {
        foreach (var (key, value) in query) body.TryAdd(key, value);
        return body;
    }

    static List<KeyValuePair<string, string>> Mask(IEnumerable<KeyValuePair<string, string>> pairs) => pairs.Select(p => p.Key switch
    {
        "card[number]" => KeyValuePair.Create(p.Key, "•••• " + (p.Value.Length >= 4 ? p.Value[^4..] : "")),
        "card[cvc]" => KeyValuePair.Create(p.Key, "•••"),
        _ => p,
    }).ToList();
}
