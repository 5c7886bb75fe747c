using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenCheckout.Server.Features.Disputes;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Tests.Features.Refunds;

namespace OpenCheckout.Server.Tests.Features.Disputes;

/// <summary>Answering a dispute (issue 20, contract section 12): evidence staged and submitted with <c>POST /v1/disputes/{id}</c>,
/// the test-mode outcome decided by the worker after the review delay (<c>winning_evidence</c> / <c>losing_evidence</c>), the
/// loss accepted with <c>/close</c>; each change with its events recorded once.</summary>
public abstract class DisputeEvidenceTests(DatabaseProvider provider) : IAsyncLifetime
{
    readonly TestApp _app = new(provider);
    TestMerchant _merchant = null!;

    public async Task InitializeAsync() => _merchant = await _app.CreateMerchantAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    OpenCheckoutOptions.DisputeOptions Options => _app.Services.GetRequiredService<IOptions<OpenCheckoutOptions>>().Value.Disputes;

    /// <summary>A payment with the dispute card, its dispute opened; the dispute's id.</summary>
    async Task<string> OpenDisputeAsync(long amount = 5000)
    {
        var paid = await Paid.SessionAsync(_merchant, amount, card: "4000000000000259");
        _app.Clock.Advance(Options.Delay + TimeSpan.FromSeconds(1));
        await _app.OpenDueDisputesAsync();
        using var api = _merchant.Api();
        var listed = (await (await api.GetAsync($"/v1/disputes?payment_intent={paid.PaymentIntentId}")).ReadJsonAsync()).GetProperty("disputes");
        return Assert.Single(listed.EnumerateArray()).GetProperty("dispute_id").GetString()!;
    }

    async Task<JsonElement> GetAsync(string id)
    {
        using var api = _merchant.Api();
        var response = await api.GetAsync($"/v1/disputes/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("dispute");
    }

    async Task<HttpResponseMessage> UpdateAsync(string id, string body)
    {
        using var api = _merchant.Api();
        return await api.PostAsync($"/v1/disputes/{id}", Json.Body(body));
    }

    async Task<HttpResponseMessage> CloseAsync(string id)
    {
        using var api = _merchant.Api();
        return await api.PostAsync($"/v1/disputes/{id}/close", null);
    }

    /// <summary>The events of <paramref name="type"/> about dispute <paramref name="id"/>, each checked to carry its type.</summary>
    async Task<List<JsonElement>> EventsAsync(string type, string id)
    {
        var events = (await Paid.EventsAsync(_merchant, type))
            .Where(e => e.GetProperty("object").GetProperty("dispute").GetProperty("dispute_id").GetString() == id).ToList();
        Assert.All(events, e => Assert.Equal(type, e.GetProperty("event_type").GetString()));
        return events;
    }

    static string Status(JsonElement dispute) => dispute.GetProperty("status").GetString()!;

    [Fact]
    public async Task OpenedDispute_HasFlexsFields_AndItsFundsWithdrawnOnce()
    {
        var id = await OpenDisputeAsync(4999);
        await _app.OpenDueDisputesAsync();

        var dispute = await GetAsync(id);
        Assert.StartsWith("fdsp_", id);
        Assert.Equal(dispute.GetProperty("payment_intent").GetString(), dispute.GetProperty("payment_intent_id").GetString());
        Assert.Equal(dispute.GetProperty("charge").GetString(), dispute.GetProperty("charge_id").GetString());
        Assert.StartsWith("fch_", dispute.GetProperty("charge_id").GetString());
        Assert.Equal("needs_response", Status(dispute));
        Assert.False(dispute.GetProperty("is_charge_refundable").GetBoolean());
        Assert.Empty(dispute.GetProperty("metadata").EnumerateObject());
        Assert.All(dispute.GetProperty("evidence").EnumerateObject(), f => Assert.Equal(JsonValueKind.Null, f.Value.ValueKind));
        Assert.Equal(18, dispute.GetProperty("evidence").EnumerateObject().Count());
        var details = dispute.GetProperty("evidence_details");
        Assert.Equal(dispute.GetProperty("created_at").GetInt64() + (long)Options.EvidenceWindow.TotalSeconds, details.GetProperty("due_by").GetInt64());
        Assert.False(details.GetProperty("has_evidence").GetBoolean());
        Assert.False(details.GetProperty("past_due").GetBoolean());
        Assert.Equal(0, details.GetProperty("submission_count").GetInt64());

        Assert.Single(await EventsAsync("charge.dispute.created", id));
        var withdrawn = Assert.Single(await EventsAsync("charge.dispute.funds_withdrawn", id));
        Assert.Equal(4999, withdrawn.GetProperty("object").GetProperty("dispute").GetProperty("amount").GetInt64());
    }

    [Fact]
    public async Task EvidenceStaged_ThenSubmitted_MergesAndIsUnderReview_AndThenTakesNoMore()
    {
        var id = await OpenDisputeAsync();

        var staged = await UpdateAsync(id, """
            {"dispute": {"evidence": {"customer_name": "Jo Doe", "customer_email_address": "jo@example.com", "product_description": "A shirt"},
             "submit": false, "metadata": {"case": "17"}}}
            """);
        Assert.Equal(HttpStatusCode.OK, staged.StatusCode);
        var afterStaging = (await staged.ReadJsonAsync()).GetProperty("dispute");
        Assert.Equal("needs_response", Status(afterStaging));
        Assert.Equal("Jo Doe", afterStaging.GetProperty("evidence").GetProperty("customer_name").GetString());
        Assert.Equal("17", afterStaging.GetProperty("metadata").GetProperty("case").GetString());
        Assert.True(afterStaging.GetProperty("evidence_details").GetProperty("has_evidence").GetBoolean());
        Assert.Equal(0, afterStaging.GetProperty("evidence_details").GetProperty("submission_count").GetInt64());

        // Flat form, submit left out (Stripe's default: submit), one field changed, one cleared, one added.
        var submitted = await UpdateAsync(id, """
            {"evidence": {"product_description": "A blue shirt", "customer_email_address": "", "uncategorized_text": "Delivered on time."}}
            """);
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        var dispute = await GetAsync(id);
        Assert.Equal("under_review", Status(dispute));
        var evidence = dispute.GetProperty("evidence");
        Assert.Equal("Jo Doe", evidence.GetProperty("customer_name").GetString());
        Assert.Equal("A blue shirt", evidence.GetProperty("product_description").GetString());
        Assert.Equal(JsonValueKind.Null, evidence.GetProperty("customer_email_address").ValueKind);
        Assert.Equal("Delivered on time.", evidence.GetProperty("uncategorized_text").GetString());
        Assert.Equal("17", dispute.GetProperty("metadata").GetProperty("case").GetString());
        Assert.Equal(1, dispute.GetProperty("evidence_details").GetProperty("submission_count").GetInt64());

        var updated = await EventsAsync("charge.dispute.updated", id);
        Assert.Equal(["under_review", "needs_response"], updated.Select(e => Status(e.GetProperty("object").GetProperty("dispute"))));

        // Submitted: no more evidence, no closing; nothing changes and nothing more is recorded.
        await ApiAssert.ErrorAsync(await UpdateAsync(id, """{"evidence": {"uncategorized_text": "More."}, "submit": false}"""),
            HttpStatusCode.Conflict, "invalid_request_error", "dispute_unexpected_state");
        await ApiAssert.ErrorAsync(await UpdateAsync(id, "{}"), HttpStatusCode.Conflict, "invalid_request_error", "dispute_unexpected_state");
        await ApiAssert.ErrorAsync(await CloseAsync(id), HttpStatusCode.Conflict, "invalid_request_error", "dispute_unexpected_state");
        Assert.Equal(dispute.GetRawText(), (await GetAsync(id)).GetRawText());
        Assert.Equal(2, (await EventsAsync("charge.dispute.updated", id)).Count);
        Assert.Empty(await EventsAsync("charge.dispute.closed", id));
    }

    [Fact]
    public async Task WinningEvidence_IsWonByTheWorkerAfterTheReviewDelay_ReinstatingTheFundsOnce()
    {
        var id = await OpenDisputeAsync(3000);
        Assert.Equal(HttpStatusCode.OK, (await UpdateAsync(id, """{"evidence": {"uncategorized_text": "winning_evidence"}, "submit": true}""")).StatusCode);

        // Never in the request: under review until the worker's time comes.
        Assert.Equal("under_review", Status(await GetAsync(id)));
        _app.Clock.Advance(Options.ReviewDelay - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await _app.DecideDueDisputesAsync());
        Assert.Equal("under_review", Status(await GetAsync(id)));

        _app.Clock.Advance(TimeSpan.FromSeconds(2));
        await _app.DecideDueDisputesAsync(); // the background worker may have decided it already: either way, once
        await _app.DecideDueDisputesAsync();

        var dispute = await GetAsync(id);
        Assert.Equal("won", Status(dispute));
        Assert.True(dispute.GetProperty("is_charge_refundable").GetBoolean());
        var closed = Assert.Single(await EventsAsync("charge.dispute.closed", id));
        Assert.Equal("won", Status(closed.GetProperty("object").GetProperty("dispute")));
        var reinstated = Assert.Single(await EventsAsync("charge.dispute.funds_reinstated", id));
        Assert.Equal(3000, reinstated.GetProperty("object").GetProperty("dispute").GetProperty("amount").GetInt64());
        Assert.Single(await EventsAsync("charge.dispute.funds_withdrawn", id));

        // The funds came back, so the payment may be refunded again.
        using var api = _merchant.Api();
        var refund = await api.PostAsync("/v1/refunds", Json.Body($$"""{"payment_intent_id": "{{dispute.GetProperty("payment_intent").GetString()}}", "amount": 1000}"""));
        Assert.Equal(HttpStatusCode.OK, refund.StatusCode);
    }

    [Fact]
    public async Task LosingEvidence_IsLost_WithOneClosedEvent_AndNoFundsBack()
    {
        var id = await OpenDisputeAsync();
        Assert.Equal(HttpStatusCode.OK, (await UpdateAsync(id, """{"evidence": {"refund_refusal_explanation": "see losing_evidence"}}""")).StatusCode);
        _app.Clock.Advance(Options.ReviewDelay + TimeSpan.FromSeconds(1));
        await _app.DecideDueDisputesAsync();
        await _app.DecideDueDisputesAsync();

        var dispute = await GetAsync(id);
        Assert.Equal("lost", Status(dispute));
        Assert.False(dispute.GetProperty("is_charge_refundable").GetBoolean());
        Assert.Equal("lost", Status(Assert.Single(await EventsAsync("charge.dispute.closed", id)).GetProperty("object").GetProperty("dispute")));
        Assert.Empty(await EventsAsync("charge.dispute.funds_reinstated", id));
        await ApiAssert.ErrorAsync(await CloseAsync(id), HttpStatusCode.Conflict, "invalid_request_error", "dispute_unexpected_state");
    }

    [Fact]
    public async Task EvidenceNamingNoOutcome_StaysUnderReview_WithoutEvents()
    {
        var id = await OpenDisputeAsync();
        Assert.Equal(HttpStatusCode.OK, (await UpdateAsync(id, """{"evidence": {"uncategorized_text": "Delivered."}}""")).StatusCode);
        _app.Clock.Advance(Options.ReviewDelay + TimeSpan.FromSeconds(1));
        await _app.DecideDueDisputesAsync();

        Assert.Equal("under_review", Status(await GetAsync(id)));
        Assert.Equal(0, await _app.DecideDueDisputesAsync());
        Assert.Empty(await EventsAsync("charge.dispute.closed", id));
    }

    [Fact]
    public async Task Close_AcceptsTheLoss_WithOneClosedEvent_AndASecondCloseIs409()
    {
        var id = await OpenDisputeAsync();
        Assert.Equal(HttpStatusCode.OK, (await UpdateAsync(id, """{"evidence": {"customer_name": "Jo"}, "submit": false}""")).StatusCode);

        var closed = await CloseAsync(id);
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal("lost", Status((await closed.ReadJsonAsync()).GetProperty("dispute")));

        await ApiAssert.ErrorAsync(await CloseAsync(id), HttpStatusCode.Conflict, "invalid_request_error", "dispute_unexpected_state");
        await ApiAssert.ErrorAsync(await UpdateAsync(id, """{"evidence": {"customer_name": "Jo"}}"""),
            HttpStatusCode.Conflict, "invalid_request_error", "dispute_unexpected_state");
        var dispute = await GetAsync(id);
        Assert.Equal("lost", Status(dispute));
        Assert.Equal(0, dispute.GetProperty("evidence_details").GetProperty("submission_count").GetInt64());
        Assert.Equal("lost", Status(Assert.Single(await EventsAsync("charge.dispute.closed", id)).GetProperty("object").GetProperty("dispute")));
        Assert.Single(await EventsAsync("charge.dispute.updated", id));
        Assert.Empty(await EventsAsync("charge.dispute.funds_reinstated", id));
    }

    [Fact]
    public async Task EvidenceAfterItsDueDate_Is409_AndChangesNothing_ButTheLossMayStillBeAccepted()
    {
        var id = await OpenDisputeAsync();
        var dueBy = (await GetAsync(id)).GetProperty("evidence_details").GetProperty("due_by").GetInt64();
        _app.Clock.Advance(DateTimeOffset.FromUnixTimeSeconds(dueBy) - _app.Clock.GetUtcNow());
        Assert.Equal(HttpStatusCode.OK, (await UpdateAsync(id, """{"evidence": {"customer_name": "Just in time"}, "submit": false}""")).StatusCode);

        _app.Clock.Advance(TimeSpan.FromSeconds(1));
        foreach (var body in new[] { """{"evidence": {"customer_name": "Late"}, "submit": false}""", """{"submit": true}""" })
            await ApiAssert.ErrorAsync(await UpdateAsync(id, body), HttpStatusCode.Conflict, "invalid_request_error", "dispute_evidence_past_due");

        var dispute = await GetAsync(id);
        Assert.Equal("needs_response", Status(dispute));
        Assert.Equal("Just in time", dispute.GetProperty("evidence").GetProperty("customer_name").GetString());
        Assert.Single(await EventsAsync("charge.dispute.updated", id));
        Assert.Equal(HttpStatusCode.OK, (await CloseAsync(id)).StatusCode);
    }

    [Fact]
    public async Task RacingSubmits_MakeOneSubmission_AndRacingDrafts_AllLand()
    {
        var id = await OpenDisputeAsync();
        string[] fields = ["customer_name", "billing_address", "shipping_carrier", "shipping_date", "service_date", "product_description"];
        var drafts = await Task.WhenAll(fields.Select(f => UpdateAsync(id, $$"""{"evidence": {"{{f}}": "{{f}} text"}, "submit": false}""")));
        Assert.All(drafts, d => Assert.Equal(HttpStatusCode.OK, d.StatusCode));
        var evidence = (await GetAsync(id)).GetProperty("evidence");
        Assert.All(fields, f => Assert.Equal($"{f} text", evidence.GetProperty(f).GetString()));

        var submits = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            UpdateAsync(id, $$"""{"evidence": {"uncategorized_text": "submission {{i}}"}, "submit": true}""")));
        var accepted = Assert.Single(submits, s => s.StatusCode == HttpStatusCode.OK);
        foreach (var refused in submits.Where(s => s != accepted))
            await ApiAssert.ErrorAsync(refused, HttpStatusCode.Conflict, "invalid_request_error", "dispute_unexpected_state");

        var dispute = await GetAsync(id);
        Assert.Equal(1, dispute.GetProperty("evidence_details").GetProperty("submission_count").GetInt64());
        Assert.Equal((await accepted.ReadJsonAsync()).GetProperty("dispute").GetProperty("evidence").GetRawText(), dispute.GetProperty("evidence").GetRawText());
        var updated = await EventsAsync("charge.dispute.updated", id);
        Assert.Equal(fields.Length + 1, updated.Count);
        Assert.Single(updated, e => Status(e.GetProperty("object").GetProperty("dispute")) == "under_review");
    }

    [Fact]
    public async Task RacingCloses_CloseOnce()
    {
        var id = await OpenDisputeAsync();
        var closes = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => CloseAsync(id)));
        Assert.Single(closes, c => c.StatusCode == HttpStatusCode.OK);
        Assert.All(closes.Where(c => c.StatusCode != HttpStatusCode.OK), c => Assert.Equal(HttpStatusCode.Conflict, c.StatusCode));
        Assert.Single(await EventsAsync("charge.dispute.closed", id));
    }

    [Fact]
    public async Task AnotherMerchant_AndTheOtherMode_Get404_OnEveryDisputeRoute_AndChangeNothing()
    {
        var id = await OpenDisputeAsync();
        var other = await _app.CreateMerchantAsync("Other shop");
        foreach (var api in new[] { other.Api(), _merchant.Api(live: true) })
            using (api)
            {
                await ApiAssert.ErrorAsync(await api.GetAsync($"/v1/disputes/{id}"), HttpStatusCode.NotFound, "invalid_request_error", "resource_missing");
                await ApiAssert.ErrorAsync(await api.PostAsync($"/v1/disputes/{id}", Json.Body("""{"evidence": {"uncategorized_text": "winning_evidence"}}""")),
                    HttpStatusCode.NotFound, "invalid_request_error", "resource_missing");
                await ApiAssert.ErrorAsync(await api.PostAsync($"/v1/disputes/{id}/close", null), HttpStatusCode.NotFound, "invalid_request_error", "resource_missing");
            }
        var dispute = await GetAsync(id);
        Assert.Equal("needs_response", Status(dispute));
        Assert.False(dispute.GetProperty("evidence_details").GetProperty("has_evidence").GetBoolean());
        Assert.Empty(await EventsAsync("charge.dispute.updated", id));
        Assert.Empty(await EventsAsync("charge.dispute.closed", id));
    }

    [Fact]
    public async Task HostileInput_Is4xxNamingTheField_AndChangesNothing()
    {
        var id = await OpenDisputeAsync();
        var huge = new string('x', DisputeEvidenceText.FieldLength + 1);
        var nearlyHuge = new string('y', DisputeEvidenceText.FieldLength);
        var tooMuch = string.Join(",", DisputeEvidenceText.Fields.Take(8).Select(f => $"\"{f}\": \"{nearlyHuge}\""));
        foreach (var (body, code, param) in new[]
                 {
                     ("""{"evidence": "winning_evidence"}""", "parameter_invalid_object", "evidence"),
                     ("""{"evidence": {"customer_name": 42}}""", "parameter_invalid_string", "evidence.customer_name"),
                     ("""{"evidence": {"customer_name": ["a"]}}""", "parameter_invalid_string", "evidence.customer_name"),
                     ("""{"evidence": {"winning": "winning_evidence"}}""", "parameter_unknown", "evidence.winning"),
                     ("""{"evidence": {"receipt": "file_123"}}""", "evidence_file_unsupported", "evidence.receipt"),
                     ("""{"submit": "yes"}""", "parameter_invalid_boolean", "submit"),
                     ("""{"submit": 1}""", "parameter_invalid_boolean", "submit"),
                     ("""{"status": "won"}""", "parameter_unknown", "status"),
                     ("""{"metadata": {"k": {"nested": true}}}""", "parameter_invalid_string", "metadata[k]"),
                     ("{\"evidence\": {\"uncategorized_text\": \"" + huge + "\"}}", "parameter_invalid_string", "evidence.uncategorized_text"),
                     ("{\"evidence\": {" + tooMuch + "}}", "evidence_too_long", "evidence"),
                     ("""{"dispute": {"submit": true}, "extra": 1}""", "parameter_unknown", "extra"),
                 })
            await ApiAssert.ErrorAsync(await UpdateAsync(id, body), HttpStatusCode.BadRequest, "invalid_request_error", code, param);

        await ApiAssert.ErrorAsync(await UpdateAsync(id, "[1, 2]"), HttpStatusCode.BadRequest, "invalid_request_error", "invalid_json");
        await ApiAssert.ErrorAsync(await UpdateAsync(id, """{"evidence": {"""), HttpStatusCode.BadRequest, "invalid_request_error", "invalid_json");
        var tooLarge = "{\"evidence\": {\"uncategorized_text\": \"" + new string('z', 2 * 1024 * 1024) + "\"}}";
        await ApiAssert.ErrorAsync(await UpdateAsync(id, tooLarge), HttpStatusCode.RequestEntityTooLarge, "invalid_request_error", "body_too_large");
        using (var api = _merchant.Api())
        {
            await ApiAssert.ErrorAsync(await api.PostAsync($"/v1/disputes/{id}/close", Json.Body("""{"status": "won"}""")),
                HttpStatusCode.BadRequest, "invalid_request_error", "parameter_unknown", "status");
            await ApiAssert.ErrorAsync(await api.PostAsync($"/v1/disputes/{id}", new StringContent("evidence=x", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded")),
                HttpStatusCode.UnsupportedMediaType, "invalid_request_error", "unsupported_content_type");
            await ApiAssert.ErrorAsync(await api.PostAsync("/v1/disputes/fdsp_nothing", Json.Body("{}")), HttpStatusCode.NotFound, "invalid_request_error", "resource_missing");
        }

        var dispute = await GetAsync(id);
        Assert.Equal("needs_response", Status(dispute));
        Assert.False(dispute.GetProperty("evidence_details").GetProperty("has_evidence").GetBoolean());
        Assert.Empty(await EventsAsync("charge.dispute.updated", id));
    }

    [Fact]
    public async Task ADisputeStoredBeforeFlexsPrefix_StaysRetrievable_AndTakesEvidence()
    {
        var paid = await Paid.SessionAsync(_merchant, 2500);
        var now = _app.Clock.GetUtcNow();
        const string legacyId = "fdp_01JQ0000000000000000000000";
        await _app.Services.GetRequiredService<IUnitOfWork>().RunAsync((db, _) =>
        {
            // As disputes were stored before evidence: the old prefix, no due date, no evidence or metadata.
            db.Disputes.Add(new Dispute
            {
                Id = legacyId, AccountId = _merchant.AccountId, TestMode = true, PaymentIntentId = paid.PaymentIntentId,
                ChargeId = "fch_01JQ0000000000000000000001", SessionId = paid.SessionId, Amount = 2500,
                Currency = "usd", Reason = DisputeReason.Fraudulent, Status = DisputeStatus.NeedsResponse, OpensAt = now.UtcDateTime,
                OpenedAt = now.UtcDateTime, CreatedAt = now.UtcDateTime,
            });
            return Task.FromResult(0);
        });

        var dispute = await GetAsync(legacyId);
        Assert.Equal(now.ToUnixTimeSeconds() + (long)Dispute.DefaultEvidenceWindow.TotalSeconds, dispute.GetProperty("evidence_details").GetProperty("due_by").GetInt64());
        using var api = _merchant.Api();
        var listed = (await (await api.GetAsync($"/v1/disputes?payment_intent={paid.PaymentIntentId}")).ReadJsonAsync()).GetProperty("disputes");
        Assert.Equal(legacyId, Assert.Single(listed.EnumerateArray()).GetProperty("dispute_id").GetString());
        Assert.Equal(HttpStatusCode.OK, (await UpdateAsync(legacyId, """{"evidence": {"customer_name": "Jo"}, "submit": false}""")).StatusCode);
        Assert.Equal("Jo", (await GetAsync(legacyId)).GetProperty("evidence").GetProperty("customer_name").GetString());
    }
}

public sealed class DisputeEvidenceTestsOnSqlite() : DisputeEvidenceTests(DatabaseProvider.Sqlite);
public sealed class DisputeEvidenceTestsOnPostgres() : DisputeEvidenceTests(DatabaseProvider.Postgres);
