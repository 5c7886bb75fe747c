namespace OpenCheckout.Server.Tests.Processors.FakeStripe;

/// <summary>An event the fake created (sent or not), with its JSON exactly as delivered.</summary>
public sealed record FakeStripeEvent(string Id, string Type, string Json);
