using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenCheckout.Sessions;
using OpenCheckout.Server.Features.Catalog;
using OpenCheckout.Server.Features.Sessions;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Http;

namespace OpenCheckout.Server.Features.PaymentLinks;

/// <summary>What the URL's query prefills (Flex's payment link guide): the session's <c>client_reference_id</c> and the
/// page's email, names and phone.</summary>
public sealed record LinkPrefill(string? ClientReferenceId, string? Email, string? FirstName, string? LastName, string? Phone)
{
    public SessionDefaults? Defaults => (Email ?? FirstName ?? LastName ?? Phone) is null ? null : new SessionDefaults(Email, FirstName, LastName, Phone);
}

public abstract record LinkVisit
{
    public sealed record NotFound : LinkVisit;
    public sealed record Inactive : LinkVisit;
    /// <summary>The link cannot make a session now (a price it sells was archived, a prefill is malformed): say why.</summary>
    public sealed record Refused(int Status, string Message) : LinkVisit;
    public sealed record Session(string SessionId, DateTime ExpiresAt) : LinkVisit;
}

/// <summary>A visit to <c>/pay/l/{id}</c>: the buyer's open session of this link back when the browser holds one made with
/// the same prefill (so a reload or a back button does not pile up sessions), else a new session, made by the session's own
/// rules from what the link stored.</summary>
public sealed class PaymentLinkVisits(CheckoutDb db, ActivePrices prices, IUnitOfWork work, PublicUrls urls, TimeProvider clock,
    IOptions<OpenCheckoutOptions> options, IServiceProvider services)
{
    /// <summary>Whether the link exists and takes visits: a HEAD (a link preview, a crawler) learns this and writes nothing.</summary>
    public async Task<LinkVisit?> CheckAsync(string linkId, CancellationToken ct)
    {
        var active = await db.PaymentLinks.AsNoTracking().Where(l => l.Id == linkId).Select(l => (bool?)l.Active).FirstOrDefaultAsync(ct);
        return active switch { null => new LinkVisit.NotFound(), false => new LinkVisit.Inactive(), true => null };
    }

    public async Task<LinkVisit> VisitAsync(string linkId, LinkPrefill prefill, string? heldSessionId, CancellationToken ct)
    {
        var link = await db.PaymentLinks.AsNoTracking().FirstOrDefaultAsync(l => l.Id == linkId, ct);
        if (link is null) return new LinkVisit.NotFound();
        if (!link.Active) return new LinkVisit.Inactive();
        var now = clock.GetUtcNow();
        if (heldSessionId is not null && await HeldSessionAsync(link, heldSessionId, prefill, now, ct) is { } held) return held;

        var request = new CreateSessionRequest(
            link.LineItems.ConvertAll(l => (l.PriceId, l.Quantity)),
            link.RedirectUrl ?? PaymentLink.HostedConfirmationUrl(urls),
            urls.PaymentLink(link.Id),
            prefill.ClientReferenceId, [], prefill.Defaults, null, link.Tax,
            link.ShippingRateIds.Select((id, i) => new ShippingOptionRequest(id, null, $"shipping_options[{i}]")).ToList(),
            link.ShippingAddressCollection, link.ShippingAllowedCountries, [],
            link.CouponIds.Select((id, i) => new DiscountRequest(id, null, $"discounts[{i}]")).ToList(),
            link.AllowPromotionCodes, link.CaptureMethod, null, link.Id);
        var (draft, refused) = await SessionDraft.BuildAsync(request, new Merchant(link.AccountId, link.TestMode), prices, services, now,
            options.Value.Sessions.DefaultLifetime, ct);
        if (refused is not null)
            return new LinkVisit.Refused(StatusCodes.Status409Conflict,
                "This payment link cannot be used right now: something it sells is no longer available. Please contact the shop.");

        var session = draft!.Session;
        var store = services.GetRequiredService<ISessionStore>();
        await work.RunAsync(async (write, token) =>
        {
            await store.AddAsync(write, session, token);
            return true;
        }, ct);
        return new LinkVisit.Session(session.Id, session.ExpiresAt);
    }

    async Task<LinkVisit?> HeldSessionAsync(PaymentLink link, string sessionId, LinkPrefill prefill, DateTimeOffset now, CancellationToken ct)
    {
        var held = await db.CheckoutSessions.AsNoTracking()
            .Where(s => s.Id == sessionId && s.PaymentLinkId == link.Id)
            .Select(s => new { s.Status, s.ExpiresAt, s.ClientReferenceId, s.Defaults })
            .FirstOrDefaultAsync(ct);
        return held is not null && SessionStatus.Effective(held.Status, held.ExpiresAt, now) == SessionStatus.Open
            && held.ClientReferenceId == prefill.ClientReferenceId && held.Defaults == prefill.Defaults
            ? new LinkVisit.Session(sessionId, held.ExpiresAt)
            : null;
    }
}
