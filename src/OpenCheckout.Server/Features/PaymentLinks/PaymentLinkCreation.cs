using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenCheckout.Server.Features.Catalog;
using OpenCheckout.Server.Features.Sessions;
using OpenCheckout.Server.Infrastructure.Auth;
using OpenCheckout.Server.Infrastructure.Data;
using OpenCheckout.Server.Infrastructure.Errors;

namespace OpenCheckout.Server.Features.PaymentLinks;

/// <summary>Making a payment link from a parsed request: inline prices snapshot their product, the link is priced and checked by
/// the session's own rules (a draft session it would make) before anything is stored, and <see cref="Ready.Add"/> stores it with
/// what it creates in the caller's unit of work. The one path of the API and the dashboard.</summary>
public sealed class PaymentLinkCreation(ActivePrices prices, IOptions<OpenCheckoutOptions> options)
{
    internal sealed record Ready(PaymentLink Link, PaymentLinkRequest Request, IReadOnlyList<object> Created)
    {
        public void Add(CheckoutDb db)
        {
            foreach (var inline in Request.NewPrices)
            {
                if (inline.NewProduct is { } product) CatalogWrites.AddProduct(db, product);
                db.Prices.Add(inline.Price);
            }
            db.AddRange(Created);
            db.PaymentLinks.Add(Link);
        }
    }

    internal async Task<(Ready? Ready, ApiError? Error)> PrepareAsync(PaymentLinkRequest request, Merchant merchant, IServiceProvider services,
        DateTimeOffset now, CancellationToken ct)
    {
        var reads = services.GetRequiredService<CheckoutDb>();
        // Inline prices of stored products snapshot the product's name, as a stored price would.
        var productIds = request.NewPrices.Where(p => p.NewProduct is null).Select(p => p.Price.ProductId).Distinct().ToList();
        var products = await reads.Products.AsNoTracking().OwnedBy(merchant).Where(p => productIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var creating = new Dictionary<string, ActivePrice>();
        foreach (var inline in request.NewPrices)
        {
            if (inline.NewProduct is { } product) creating[inline.Price.Id] = inline.Snapshot(product.Name);
            else if (products.TryGetValue(inline.Price.ProductId, out var name)) creating[inline.Price.Id] = inline.Snapshot(name);
            else return (null, ApiErrors.ProductNotFound(inline.Param, inline.Price.ProductId));
        }
        var (draft, refused) = await SessionDraft.BuildAsync(request.AsSession(), merchant, prices, services, now,
            options.Value.Sessions.DefaultLifetime, ct, creating);
        if (refused is not null) return (null, refused);
        return (new Ready(request.ToLink(merchant, draft!.Session, now), request, draft.Created), null);
    }
}
