namespace OpenCheckout.Server.Features.Dashboard;

/// <summary>What an event filter's fieldset shows: the types offered and those ticked.</summary>
public sealed record WebhookEventChoice(IReadOnlyList<string> Offered, IReadOnlyList<string> Ticked);
