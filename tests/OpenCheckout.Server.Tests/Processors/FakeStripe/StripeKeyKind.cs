namespace OpenCheckout.Server.Tests.Processors.FakeStripe;

/// <summary>Which of the fake's keys authenticated a request.</summary>
public enum StripeKeyKind { None, Secret, Publishable, Invalid }
