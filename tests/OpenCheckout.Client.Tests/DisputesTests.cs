using System.Net;
using OpenCheckout.Wire;

namespace OpenCheckout.Client.Tests;

/// <summary>The SDK's disputes against the real server: a dispute opened by the dispute card, evidence staged and then submitted,
/// the 409 for evidence after submission, the worker's decision (won), and a second dispute closed. The server's background
/// worker does the opening and deciding here, on its own timer, once the test has moved the server's clock.</summary>
public sealed class DisputesTests : IAsyncLifetime
{
    readonly ServerApp _app = new(settings: new Dictionary<string, string?> { ["OpenCheckout:Disputes:SweepInterval"] = "00:00:00.100" });
    OpenCheckoutClient _client = null!;

    public async Task InitializeAsync() => _client = await _app.CreateClientAsync();

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    async Task<Dispute> DisputedPaymentAsync()
    {
        var session = await _client.CreateSessionAsync((await _client.CreatePriceAsync(4200)).Id);
        await _client.TestHelpers.PayCheckoutSessionAsync(session.Id, new PayCheckoutSessionRequest { CardNumber = "4000000000000259" });
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        return await EventuallyAsync(async () =>
            (await _client.Disputes.ListAsync(new DisputeListOptions { CheckoutSession = session.Id })).Data.SingleOrDefault());
    }

    static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(20); ; await Task.Delay(50))
        {
            if (await probe() is { } found) return found;
            Assert.True(DateTime.UtcNow < deadline, "The server's dispute worker did not get to it within 20 s.");
        }
    }

    [Fact]
    public async Task ADispute_TakesEvidence_IsSubmittedOnce_AndIsWon()
    {
        var dispute = await DisputedPaymentAsync();
        Assert.Equal((DisputeStatus.NeedsResponse, 4200L), (dispute.Status, dispute.Amount));
        Assert.Equal(dispute.PaymentIntent, dispute.PaymentIntentId);
        Assert.False(dispute.EvidenceDetails.HasEvidence);

        var staged = await _client.Disputes.UpdateAsync(dispute.Id, new UpdateDisputeRequest
        {
            Evidence = new DisputeEvidence { CustomerName = "Jo Doe", ProductDescription = "A shirt" },
            Submit = false,
            Metadata = new Dictionary<string, string> { ["case"] = "17" },
        });
        Assert.Equal((DisputeStatus.NeedsResponse, "Jo Doe", "17"), (staged.Status, staged.Evidence.CustomerName, staged.Metadata["case"]));
        Assert.True(staged.EvidenceDetails.HasEvidence);

        var submitted = await _client.Disputes.UpdateAsync(dispute.Id, new UpdateDisputeRequest
        {
            Evidence = new DisputeEvidence { UncategorizedText = "winning_evidence" },
        });
        Assert.Equal((DisputeStatus.UnderReview, 1L), (submitted.Status, submitted.EvidenceDetails.SubmissionCount));
        Assert.Equal(("Jo Doe", "winning_evidence"), (submitted.Evidence.CustomerName, submitted.Evidence.UncategorizedText));

        var again = await Assert.ThrowsAsync<OpenCheckoutException>(() => _client.Disputes.UpdateAsync(dispute.Id,
            new UpdateDisputeRequest { Evidence = new DisputeEvidence { UncategorizedText = "more" } }));
        Assert.Equal((HttpStatusCode.Conflict, "dispute_unexpected_state"), (again.StatusCode, again.Code));

        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        var won = await EventuallyAsync(async () => await _client.Disputes.GetAsync(dispute.Id) is { Status: DisputeStatus.Won } d ? d : null);
        Assert.True(won.IsChargeRefundable);
        var closed = Assert.Single((await _client.Events.ListAsync(new EventListOptions { Type = EventTypes.ChargeDisputeClosed })).Data);
        Assert.Equal((dispute.Id, DisputeStatus.Won), (closed.Dispute!.Id, closed.Dispute.Status));
        Assert.Single((await _client.Events.ListAsync(new EventListOptions { Type = EventTypes.ChargeDisputeFundsReinstated })).Data);
    }

    [Fact]
    public async Task ClosingADispute_AcceptsTheLoss_Once()
    {
        var dispute = await DisputedPaymentAsync();

        var closed = await _client.Disputes.CloseAsync(dispute.Id);
        Assert.Equal(DisputeStatus.Lost, closed.Status);
        var again = await Assert.ThrowsAsync<OpenCheckoutException>(() => _client.Disputes.CloseAsync(dispute.Id));
        Assert.Equal((HttpStatusCode.Conflict, "dispute_unexpected_state"), (again.StatusCode, again.Code));
        Assert.Equal(DisputeStatus.Lost, (await _client.Disputes.GetAsync(dispute.Id)).Status);
    }
}
