using OpenCheckout.Cards;
using OpenCheckout.Server.Features.Payments;

namespace OpenCheckout.Server.Tests.Core;

/// <summary>What the buyer typed prints without the card number or CVC, wherever it is logged or interpolated (issue 18, defect 9).</summary>
public sealed class CardRedactionTests
{
    [Fact]
    public void CardInput_AndTheRequestsHoldingIt_PrintOnlyTheLastFourDigits()
    {
        var card = new CardInput("4000 0025 0000 3155", "12/34", "987");
        var request = new PayRequest(card, "buyer@example.com", "Jane Buyer");

        foreach (var printed in new[] { card.ToString(), request.ToString(), $"{request}" })
        {
            Assert.DoesNotContain("4000 0025", printed);
            Assert.DoesNotContain("987", printed);
            Assert.Contains("•••• 3155", printed);
        }
        Assert.Equal("CardInput { Number = (none), Expiry = , Cvc = (none) }", new CardInput(null, null, null).ToString());
    }
}
