namespace OpenCheckout.Server.Tests.Processors.FakeStripe;

/// <summary>One request the fake received. <see cref="Form"/> holds the query (GET) or body (POST) pairs, with
/// card[number] and card[cvc] masked: the fake never keeps a card number.</summary>
public sealed record FakeStripeRequest(
    string Method, string Path, IReadOnlyList<KeyValuePair<string, string>> Form, string? IdempotencyKey, StripeKeyKind KeyKind, int Status)
{
    public string? this[string name] => Form.LastOrDefault(p => p.Key == name).Value;
}
