using System.Text.Json;
using OpenCheckout.Webhooks;

var app = WebApplication.Create(args);
var secret = app.Configuration["OpenCheckout:WebhookSecret"]!;   // the fwhsec_... from the create response

app.MapPost("/webhooks", async (HttpRequest request) =>
{
    // Verify the raw bytes as received: re-serialised JSON would not match the signature.
    using var reader = new StreamReader(request.Body);
    var body = await reader.ReadToEndAsync();
    if (!WebhookSignature.Verify(body, name => request.Headers[name], secret, WebhookSignature.DefaultTolerance))
        return Results.BadRequest();

    using var json = JsonDocument.Parse(body);
    var type = json.RootElement.GetProperty("event_type").GetString();
    if (type == "checkout.session.completed")
    {
        var session = json.RootElement.GetProperty("object").GetProperty("checkout_session");
        var sessionId = session.GetProperty("id").GetString();
        // Fulfil here — idempotently: the same event may arrive more than once, and the redirect may have come first.
    }
    return Results.Ok();
});

app.Run("http://localhost:5001");
