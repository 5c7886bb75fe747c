using OpenCheckout.Server.Infrastructure.Data;

namespace OpenCheckout.Server.Infrastructure.Nodes;

/// <summary>What a feature does when instances are found gone: gives back the work they held (leases naming them), in the
/// reaper's unit of work. Registered by the feature; the reaper knows no feature.</summary>
public interface IReleasesDeadInstanceWork
{
    Task ReleaseAsync(CheckoutDb db, IReadOnlyList<string> deadInstanceIds, CancellationToken ct);
}
