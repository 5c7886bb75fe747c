using System.Text.Json.Nodes;
using Stripe;

namespace OpenCheckout.Server.Tests.Processors.FakeStripe;

/// <summary>Stripe.net 53.1.0 against the fake over real HTTP: the fake behaves as Stripe documents and refuses what
/// the published OpenAPI description refuses.</summary>
public sealed class FakeStripeTests : IAsyncLifetime
{
    FakeStripe _fake = null!;
    FakeStripeHttp _http = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeStripe.StartAsync();
        _http = new FakeStripeHttp(_fake);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        Assert.DoesNotContain(_fake.UnvalidatedRequests, r => !r.Contains("/v1/charges"));
        await _fake.DisposeAsync();
    }

    StripeClient Client(int retries = 0, TimeSpan? timeout = null) => new(
        apiKey: _fake.SecretKey, apiBase: _fake.ApiBase,
        httpClient: new SystemNetHttpClient(new HttpClient { Timeout = timeout ?? TimeSpan.FromSeconds(20) }, retries));

    PaymentIntentService Intents(int retries = 0, TimeSpan? timeout = null) => new(Client(retries, timeout));

    static PaymentIntentCreateOptions Order(string paymentMethod, string order, bool manual = false) => new()
    {
        Amount = 1000, Currency = "usd", PaymentMethod = paymentMethod, Confirm = true,
        CaptureMethod = manual ? "manual" : null, Metadata = new() { ["order"] = order },
    };

    [Fact]
    public async Task Card4242_CreatedWithTheSecretKey_ChargesAndExpandsChargeAndCard()
    {
        var card = await new PaymentMethodService(Client()).CreateAsync(new()
        {
            Type = "card",
            Card = new() { Number = "4242424242424242", ExpMonth = 12, ExpYear = DateTime.UtcNow.Year + 2, Cvc = "123" },
            BillingDetails = new() { Name = "Jo Buyer", Email = "jo@example.com" },
        });
        var options = Order(card.Id, "o-1");
        options.Expand = ["latest_charge", "payment_method"];
        var intent = await Intents().CreateAsync(options);

        Assert.Equal("succeeded", intent.Status);
        Assert.Equal(1000, intent.AmountReceived);
        Assert.Equal("4242", intent.LatestCharge.PaymentMethodDetails.Card.Last4);
        Assert.Equal("visa", intent.PaymentMethod.Card.Brand);
        Assert.StartsWith("ch_", intent.LatestCharge.Id);
        Assert.Equal(1, _fake.ChargedCount("order", "o-1"));
        Assert.DoesNotContain(_fake.Requests.SelectMany(r => r.Form), p => p.Value.Contains("4242424242424242"));
    }

    [Fact]
    public async Task ManualCapture_AuthorizesThenCapturesPart()
    {
        var service = Intents();
        var intent = await service.CreateAsync(Order("pm_card_visa", "o-2", manual: true));
        Assert.Equal("requires_capture", intent.Status);
        Assert.Equal(1000, intent.AmountCapturable);

        var captured = await service.CaptureAsync(intent.Id, new() { AmountToCapture = 600 });

        Assert.Equal("succeeded", captured.Status);
        Assert.Equal(600, captured.AmountReceived);
        Assert.Equal(0, captured.AmountCapturable);
        var tooMuch = await Assert.ThrowsAsync<StripeException>(() => service.CaptureAsync(intent.Id, new() { AmountToCapture = 1 }));
        Assert.Equal("payment_intent_unexpected_state", tooMuch.StripeError.Code);
    }

    [Fact]
    public async Task Update_ThenConfirm_ChargesTheNewAmount()
    {
        var service = Intents();
        var intent = await service.CreateAsync(new() { Amount = 500, Currency = "eur" });
        Assert.Equal("requires_payment_method", intent.Status);
        intent = await service.UpdateAsync(intent.Id, new() { Amount = 700, Metadata = new() { ["order"] = "o-3" } });
        intent = await service.ConfirmAsync(intent.Id, new() { PaymentMethod = "pm_card_visa" });

        Assert.Equal(("succeeded", 700L, "eur"), (intent.Status, intent.AmountReceived, intent.Currency));
        Assert.Equal("o-3", intent.Metadata["order"]);
    }

    [Theory]
    [InlineData("pm_card_chargeDeclined", "card_declined", "generic_decline")]
    [InlineData("4000000000009995", "card_declined", "insufficient_funds")]
    [InlineData("4000000000000341", "card_declined", "generic_decline")]
    public async Task Decline_Raises402WithTheDeclineCode_AndLeavesTheIntentForAnotherCard(string card, string code, string declineCode)
    {
        var pm = card.StartsWith("pm_") ? card : (await CreateCard(card)).Id;
        var error = await Assert.ThrowsAsync<StripeException>(() => Intents().CreateAsync(Order(pm, "o-4")));

        Assert.Equal(System.Net.HttpStatusCode.PaymentRequired, error.HttpStatusCode);
        Assert.Equal(("card_error", code, declineCode), (error.StripeError.Type, error.StripeError.Code, error.StripeError.DeclineCode));
        Assert.Equal("requires_payment_method", error.StripeError.PaymentIntent.Status);
        Assert.Equal(declineCode, error.StripeError.PaymentIntent.LastPaymentError.DeclineCode);
        Assert.Equal(0, _fake.ChargedCount("order", "o-4"));
    }

    [Fact]
    public async Task Card0341_AttachesToACustomer_ButDeclinesWhenCharged()
    {
        var customer = await new CustomerService(Client()).CreateAsync(new() { Email = "jo@example.com", Name = "Jo" });
        var card = await CreateCard("4000000000000341");
        var attached = await new PaymentMethodService(Client()).AttachAsync(card.Id, new() { Customer = customer.Id });
        Assert.Equal(customer.Id, attached.CustomerId);

        var options = Order(card.Id, "o-5");
        (options.Customer, options.OffSession) = (customer.Id, true);
        var error = await Assert.ThrowsAsync<StripeException>(() => Intents().CreateAsync(options));
        Assert.Equal("card_declined", error.StripeError.Code);
    }

    [Fact]
    public async Task Card3184_RequiresActionOnSession_AndIsDeclinedOffSession()
    {
        var onSession = await Intents().CreateAsync(Order("pm_card_authenticationRequired", "o-6"));
        Assert.Equal("requires_action", onSession.Status);
        Assert.Equal("use_stripe_sdk", onSession.NextAction.Type);

        var customer = await new CustomerService(Client()).CreateAsync(new());
        var options = Order((await CreateCard("4000002760003184")).Id, "o-7");
        (options.Customer, options.OffSession) = (customer.Id, true);
        var error = await Assert.ThrowsAsync<StripeException>(() => Intents().CreateAsync(options));
        Assert.Equal(("authentication_required", "authentication_required"), (error.StripeError.Code, error.StripeError.DeclineCode));
    }

    [Fact]
    public async Task Cancel_ReleasesAnAuthorization_ButNotAPayment()
    {
        var service = Intents();
        var held = await service.CreateAsync(Order("pm_card_visa", "o-8", manual: true));
        var canceled = await service.CancelAsync(held.Id, new() { CancellationReason = "abandoned" });
        Assert.Equal(("canceled", "abandoned"), (canceled.Status, canceled.CancellationReason));

        var paid = await service.CreateAsync(Order("pm_card_visa", "o-9"));
        var error = await Assert.ThrowsAsync<StripeException>(() => service.CancelAsync(paid.Id));
        Assert.Equal((System.Net.HttpStatusCode.BadRequest, "payment_intent_unexpected_state"), (error.HttpStatusCode, error.StripeError.Code));
    }

    [Fact]
    public async Task Refunds_UpToTheAmountReceived_PendingUntilSettledWhenAsked()
    {
        var paid = await Intents().CreateAsync(Order("pm_card_visa", "o-10"));
        var refunds = new RefundService(Client());
        var first = await refunds.CreateAsync(new() { PaymentIntent = paid.Id, Amount = 400, Reason = "requested_by_customer" });
        Assert.Equal(("succeeded", 400L), (first.Status, first.Amount));

        var tooLarge = await Assert.ThrowsAsync<StripeException>(() => refunds.CreateAsync(new() { PaymentIntent = paid.Id, Amount = 601 }));
        Assert.Equal("amount_too_large", tooLarge.StripeError.Code);

        _fake.RefundsSettleLater = true;
        var rest = await refunds.CreateAsync(new() { PaymentIntent = paid.Id });
        Assert.Equal(("pending", 600L), (rest.Status, rest.Amount));
        await _fake.SettleRefundsAsync();
        Assert.Equal("succeeded", (await refunds.GetAsync(rest.Id)).Status);
        Assert.Equal(1000, _fake.PaymentIntents.Single().AmountRefunded);
        Assert.Contains(_fake.Events, e => e.Type == "refund.updated");
    }

    [Fact]
    public async Task SameIdempotencyKey_ReplaysTheFirstAnswer_WithoutASecondCharge()
    {
        var service = Intents();
        var options = Order("pm_card_visa", "o-11");
        var first = await service.CreateAsync(options, new RequestOptions { IdempotencyKey = "order-o-11" });
        var second = await service.CreateAsync(options, new RequestOptions { IdempotencyKey = "order-o-11" });

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(1, _fake.ChargedCount("order", "o-11"));
        Assert.Single(_fake.PaymentIntents);

        var raw = await _http.PostAsync("/v1/refunds", [("payment_intent", first.Id), ("amount", "100")], idempotencyKey: "refund-1");
        var replay = await _http.PostAsync("/v1/refunds", [("payment_intent", first.Id), ("amount", "100")], idempotencyKey: "refund-1");
        Assert.Equal(raw.Body["id"]!.ToString(), replay.Body["id"]!.ToString());
        Assert.Equal("true", replay.Response.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Single(_fake.Refunds);

        // Keys belong to an API key: the same key under another account's key is a new request (here refused as unauthenticated).
        var other = await _http.PostAsync("/v1/refunds", [("payment_intent", first.Id), ("amount", "100")], key: "sk_test_other", idempotencyKey: "refund-1");
        Assert.Equal(401, other.Status);
    }

    [Fact]
    public async Task SameIdempotencyKey_WithOtherParameters_IsRefused()
    {
        var service = Intents();
        await service.CreateAsync(Order("pm_card_visa", "o-12"), new RequestOptions { IdempotencyKey = "k-12" });
        var changed = Order("pm_card_visa", "o-12");
        changed.Amount = 2000;

        var error = await Assert.ThrowsAsync<StripeException>(() => service.CreateAsync(changed, new RequestOptions { IdempotencyKey = "k-12" }));

        Assert.Equal((System.Net.HttpStatusCode.BadRequest, "idempotency_error"), (error.HttpStatusCode, error.StripeError.Type));
        Assert.Equal(1, _fake.ChargedCount("order", "o-12"));
    }

    [Fact]
    public async Task Parameters_AreCheckedAgainstStripesOpenApiDescription()
    {
        var unknown = await _http.PostAsync("/v1/payment_intents", [("amount", "100"), ("currency", "usd"), ("colour", "red")]);
        Assert.Equal((400, "parameter_unknown", "colour", "Received unknown parameter: colour"),
            (unknown.Status, Code(unknown.Body), Param(unknown.Body), Message(unknown.Body)));

        var nested = await _http.PostAsync("/v1/payment_methods", [("type", "card"), ("card[number]", "4242424242424242"), ("card[exp_month]", "1"), ("card[exp_year]", "2040"), ("card[pin]", "1")]);
        Assert.Equal(("parameter_unknown", "card[pin]"), (Code(nested.Body), Param(nested.Body)));

        var missing = await _http.PostAsync("/v1/payment_intents", [("currency", "usd")]);
        Assert.Equal((400, "parameter_missing", "amount"), (missing.Status, Code(missing.Body), Param(missing.Body)));

        var notInteger = await _http.PostAsync("/v1/payment_intents", [("amount", "ten"), ("currency", "usd")]);
        Assert.Equal(("parameter_invalid_integer", "amount"), (Code(notInteger.Body), Param(notInteger.Body)));

        var badEnum = await _http.PostAsync("/v1/payment_intents", [("amount", "10"), ("currency", "usd"), ("capture_method", "later")]);
        Assert.Equal(("parameter_invalid_enum", "capture_method"), (Code(badEnum.Body), Param(badEnum.Body)));
        Assert.StartsWith("Invalid capture_method: must be one of automatic", Message(badEnum.Body));

        var unknownQuery = await _http.GetAsync("/v1/balance?limit=3");
        Assert.Equal("parameter_unknown", Code(unknownQuery.Body));

        // Stripe.net's own escape hatch goes through the same check.
        var options = new PaymentIntentCreateOptions { Amount = 100, Currency = "usd" };
        options.AddExtraParam("surprise", "yes");
        var error = await Assert.ThrowsAsync<StripeException>(() => Intents().CreateAsync(options));
        Assert.Equal("parameter_unknown", error.StripeError.Code);
        Assert.Empty(_fake.PaymentIntents);
    }

    [Fact]
    public async Task RequestsTheSubsetDoesNotDescribe_Are404AndListed()
    {
        var answer = await _http.GetAsync("/v1/charges");
        Assert.Equal(404, answer.Status);
        Assert.Equal(["GET /v1/charges"], _fake.UnvalidatedRequests);
    }

    [Fact]
    public async Task ApiKeys_SecretForTheServer_PublishableOnlyWhereStripeJsGoes()
    {
        Assert.Equal(401, (await _http.GetAsync("/v1/balance", key: "")).Status);
        Assert.Equal(401, (await _http.GetAsync("/v1/balance", key: "sk_test_wrong")).Status);
        Assert.Equal(401, (await _http.PostAsync("/v1/customers", [("email", "a@example.com")], key: _fake.PublishableKey)).Status);
        var balance = await new BalanceService(Client()).GetAsync();
        Assert.Equal("balance", balance.Object);

        var card = await _http.PostAsync("/v1/payment_methods",
            [("type", "card"), ("card[number]", "4242424242424242"), ("card[exp_month]", "4"), ("card[exp_year]", "40"), ("card[cvc]", "123")], key: _fake.PublishableKey);
        Assert.Equal(200, card.Status);
        var intent = await Intents().CreateAsync(new() { Amount = 100, Currency = "usd" });
        var withSecret = await _http.GetAsync($"/v1/payment_intents/{intent.Id}?client_secret={intent.ClientSecret}", key: _fake.PublishableKey);
        var withoutSecret = await _http.GetAsync($"/v1/payment_intents/{intent.Id}", key: _fake.PublishableKey);
        Assert.Equal((200, 400), (withSecret.Status, withoutSecret.Status));
        Assert.Contains(_fake.Requests, r => r is { Path: "/v1/payment_methods", KeyKind: StripeKeyKind.Publishable } && r["card[number]"] == "•••• 4242");
    }

    [Fact]
    public async Task ProcessThenDrop_WithoutRetries_TheClientFailsButTheChargeHappened_AndTheKeyReplaysIt()
    {
        _fake.FailNext("POST", "/v1/payment_intents", StripeFault.ProcessThenDrop);
        var options = Order("pm_card_visa", "o-13");

        await Assert.ThrowsAnyAsync<Exception>(() => Intents(retries: 0).CreateAsync(options, new RequestOptions { IdempotencyKey = "k-13" }));
        Assert.Equal(1, _fake.ChargedCount("order", "o-13"));

        var replay = await Intents(retries: 0).CreateAsync(options, new RequestOptions { IdempotencyKey = "k-13" });
        Assert.Equal(_fake.PaymentIntents.Single().Id, replay.Id);
        Assert.Equal(1, _fake.ChargedCount("order", "o-13"));
    }

    [Fact]
    public async Task ProcessThenDrop_WithStripeNetsRetries_TheRetryReplaysTheCharge()
    {
        // Stripe.net gives every POST an Idempotency-Key of its own and keeps it across its retries, so its retry after
        // the drop gets the stored answer: one charge, and the caller never sees the failure.
        _fake.FailNext("POST", "/v1/payment_intents", StripeFault.ProcessThenDrop);

        var intent = await Intents(retries: 2).CreateAsync(Order("pm_card_visa", "o-14"));

        Assert.Equal("succeeded", intent.Status);
        Assert.Equal(1, _fake.ChargedCount("order", "o-14"));
        var posts = _fake.Requests.Where(r => r.Path == "/v1/payment_intents").ToList();
        Assert.Equal(2, posts.Count);
        Assert.NotNull(posts[0].IdempotencyKey);
        Assert.Equal(posts[0].IdempotencyKey, posts[1].IdempotencyKey);
    }

    [Fact]
    public async Task ServerErrorAndTimeout_DoNothing()
    {
        _fake.FailNext("POST", "/v1/payment_intents", StripeFault.ServerError);
        var error = await Assert.ThrowsAsync<StripeException>(() => Intents(retries: 0).CreateAsync(Order("pm_card_visa", "o-15")));
        Assert.Equal(("api_error", System.Net.HttpStatusCode.InternalServerError), (error.StripeError.Type, error.HttpStatusCode));
        // Stripe.net gives each POST a key of its own (a GUID, kept across its retries, new for the caller's next call).
        Assert.True(Guid.TryParse(_fake.Requests.Single().IdempotencyKey, out _));

        _fake.FaultHold = TimeSpan.FromSeconds(5);
        _fake.FailNext("POST", "/v1/payment_intents", StripeFault.Timeout);
        await Assert.ThrowsAnyAsync<Exception>(() => Intents(retries: 0, timeout: TimeSpan.FromSeconds(1)).CreateAsync(Order("pm_card_visa", "o-15")));
        Assert.Empty(_fake.PaymentIntents);

        _fake.FailNext("POST", "/v1/payment_intents", StripeFault.ServerError);
        var retried = await Intents(retries: 1).CreateAsync(Order("pm_card_visa", "o-15"));
        Assert.Equal(1, _fake.ChargedCount("order", "o-15"));
        Assert.Equal("succeeded", retried.Status);
    }

    [Fact]
    public async Task Timeout_WithStripeNetsRetries_TheRetryGoesThroughOnce()
    {
        _fake.FaultHold = TimeSpan.FromSeconds(5);
        _fake.FailNext("POST", "/v1/payment_intents", StripeFault.Timeout);

        var intent = await Intents(retries: 1, timeout: TimeSpan.FromSeconds(1)).CreateAsync(Order("pm_card_visa", "o-19"));

        Assert.Equal("succeeded", intent.Status);
        Assert.Equal(1, _fake.ChargedCount("order", "o-19"));
        Assert.Equal(2, _fake.Requests.Count(r => r.Path == "/v1/payment_intents"));
    }

    [Fact]
    public async Task Webhooks_AreSignedAsStripeSigns_AndCanBeDuplicatedAndReordered()
    {
        await using var inbox = await WebhookInbox.StartAsync();
        _fake.WebhookUrl = inbox.Url;
        var service = Intents();
        var held = await service.CreateAsync(Order("pm_card_visa", "o-16", manual: true));
        await service.CaptureAsync(held.Id);
        await _fake.WebhooksDeliveredAsync();

        var events = inbox.Received.Select(r => EventUtility.ConstructEvent(r.Body, r.Signature, _fake.WebhookSecret)).ToList();
        Assert.Equal(["payment_intent.amount_capturable_updated", "payment_intent.succeeded"], events.Select(e => e.Type));
        Assert.Equal(held.Id, ((PaymentIntent)events[1].Data.Object).Id);
        Assert.Throws<StripeException>(() => EventUtility.ConstructEvent(inbox.Received[0].Body, inbox.Received[0].Signature, "whsec_wrong"));

        _fake.ResendLastEvents(1);
        _fake.HoldWebhooks = true;
        await new RefundService(Client()).CreateAsync(new() { PaymentIntent = held.Id });
        await _fake.ReleaseWebhooksAsync(reverse: true);

        var types = inbox.Received.Skip(2).Select(r => EventUtility.ConstructEvent(r.Body, r.Signature, _fake.WebhookSecret).Type);
        Assert.Equal(["payment_intent.succeeded", "charge.refunded", "refund.created"], types);
        Assert.All(_fake.WebhookDeliveries, d => Assert.Equal(200, d.Status));
    }

    [Fact]
    public async Task Card0259_IsDisputedWhenTheTestSaysSo()
    {
        var paid = await Intents().CreateAsync(Order((await CreateCard("4000000000000259")).Id, "o-17"));
        var plain = await Intents().CreateAsync(Order("pm_card_visa", "o-18"));
        Assert.Throws<InvalidOperationException>(() => _fake.OpenDispute(plain.Id));

        var dispute = _fake.OpenDispute(paid.Id);
        _fake.CloseDispute(dispute, won: false);

        var disputeEvents = _fake.Events.Where(e => e.Type.StartsWith("charge.dispute.")).Select(e => JsonNode.Parse(e.Json)!).ToList();
        Assert.Equal(["charge.dispute.created", "charge.dispute.closed"], disputeEvents.Select(e => (string)e["type"]!));
        Assert.Equal("lost", (string)disputeEvents[1]["data"]!["object"]!["status"]!);
        Assert.Equal(paid.Id, (string)disputeEvents[1]["data"]!["object"]!["payment_intent"]!);
    }

    [Fact]
    public async Task ResponsesHaveTheirSchemasRequiredFields()
    {
        var subset = OpenApiSubset.Load;
        var customer = (await _http.PostAsync("/v1/customers", [("email", "jo@example.com"), ("metadata[tier]", "gold")])).Body;
        var card = (await _http.PostAsync("/v1/payment_methods", [("type", "card"), ("card[number]", "4242424242424242"), ("card[exp_month]", "1"), ("card[exp_year]", "2040")])).Body;
        var intent = (await _http.PostAsync("/v1/payment_intents", [("amount", "900"), ("currency", "usd"), ("payment_method", (string)card["id"]!), ("confirm", "true"), ("customer", (string)customer["id"]!), ("setup_future_usage", "off_session")])).Body;
        var refund = (await _http.PostAsync("/v1/refunds", [("payment_intent", (string)intent["id"]!)])).Body;
        var balance = (await _http.GetAsync("/v1/balance")).Body;
        var declined = (await _http.PostAsync("/v1/payment_intents", [("amount", "900"), ("currency", "usd"), ("payment_method", "pm_card_chargeDeclined"), ("confirm", "true")])).Body;
        var invalid = (await _http.PostAsync("/v1/payment_intents", [("currency", "usd")])).Body;
        var action = (await _http.PostAsync("/v1/payment_intents", [("amount", "900"), ("currency", "usd"), ("payment_method", "pm_card_authenticationRequired"), ("confirm", "true")])).Body;

        var problems = new List<string>();
        problems.AddRange(subset.ResponseProblems("customer", customer));
        problems.AddRange(subset.ResponseProblems("payment_method", card));
        problems.AddRange(subset.ResponseProblems("payment_intent", intent));
        problems.AddRange(subset.ResponseProblems("payment_intent", action));
        problems.AddRange(subset.ResponseProblems("refund", refund));
        problems.AddRange(subset.ResponseProblems("balance", balance));
        foreach (var error in new[] { declined, invalid })
        {
            problems.AddRange(subset.ResponseProblems("error", error));
            problems.AddRange(subset.ResponseProblems("api_errors", error["error"]!.AsObject()));
        }
        problems.AddRange(subset.ResponseProblems("payment_intent", declined["error"]!["payment_intent"]!.AsObject()));
        foreach (var e in _fake.Events) problems.AddRange(subset.ResponseProblems("event", JsonNode.Parse(e.Json)!.AsObject()));
        Assert.Empty(problems);
        Assert.NotEmpty(_fake.Events);
    }

    Task<PaymentMethod> CreateCard(string number) => new PaymentMethodService(Client()).CreateAsync(new()
    {
        Type = "card", Card = new() { Number = number, ExpMonth = 1, ExpYear = DateTime.UtcNow.Year + 1, Cvc = "314" },
    });

    static string? Code(JsonObject body) => (string?)body["error"]?["code"];
    static string? Param(JsonObject body) => (string?)body["error"]?["param"];
    static string? Message(JsonObject body) => (string?)body["error"]?["message"];
}
