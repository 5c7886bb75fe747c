using System.Text.Json.Nodes;

namespace OpenCheckout.Server.Tests.Processors.FakeStripe;

/// <summary>The fake's account: every object, and the events raised while a request ran. Handlers run one at a time
/// under <see cref="Gate"/>, so state changes and the order of events are those of a single-threaded Stripe.</summary>
internal sealed class FakeStripeStore
{
    public object Gate { get; } = new();
    public Dictionary<string, PaymentIntentEntity> Intents { get; } = [];
    public Dictionary<string, CardEntity> Cards { get; } = [];
    public Dictionary<string, CustomerEntity> Customers { get; } = [];
    public Dictionary<string, ChargeEntity> Charges { get; } = [];
    public Dictionary<string, RefundEntity> Refunds { get; } = [];
    public Dictionary<string, DisputeEntity> Disputes { get; } = [];
    public List<(string Type, JsonObject Object)> Raised { get; } = [];
    public bool RefundsSettleLater { get; set; }

    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public void Raise(string type, JsonObject snapshot) => Raised.Add((type, snapshot));

    /// <summary>A stored card, or for Stripe's ready-made ids (pm_card_visa…) a new one each time, as Stripe does.</summary>
    public CardEntity? Card(string id)
    {
        if (Cards.TryGetValue(id, out var card)) return card;
        if (!TestCards.ReadyMade.TryGetValue(id, out var number)) return null;
        return Store(TestCards.Classify(number).Behaviour, number, 12, DateTime.UtcNow.Year + 3, null, null);
    }

    public CardEntity Store(CardBehaviour behaviour, string number, long expMonth, long expYear, string? name, string? email)
    {
        var card = new CardEntity
        {
            Id = Entity.NewId("pm"), Behaviour = behaviour, Brand = TestCards.Brand(number), Last4 = number[^4..],
            ExpMonth = expMonth, ExpYear = expYear, Name = name, Email = email, Created = Now,
        };
        Cards[card.Id] = card;
        return card;
    }
}
