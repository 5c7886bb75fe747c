namespace OpenCheckout.Server.Features.Sessions;

/// <summary>Whether an account's live mode has a processor to pay its sessions. Implemented by Processors (which depends on
/// Accounts, whose admin commands reach Sessions through the dashboard's users), so Sessions names only this.</summary>
public interface ILiveProcessors
{
    Task<bool> ConfiguredAsync(string accountId, CancellationToken ct);

    /// <summary>The account's live processor, connected with its keys; null when none is configured.</summary>
    Task<OpenCheckout.Processors.IPaymentProcessor?> LiveAsync(string accountId, CancellationToken ct);
}
