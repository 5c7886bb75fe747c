using OpenCheckout.Money;

namespace OpenCheckout.Server.Features.Sessions;

/// <summary>How a session's total is made (contract section 11), in integer minor units:
/// <c>amount_total = Σ line subtotals − discounts + shipping + tax + fees</c>.
/// <list type="bullet">
/// <item>Discounts apply in the order given, each to what the earlier ones left of the lines it applies to (all lines, or
/// those whose price or product its <c>applies_to</c> names).</item>
/// <item><c>amount_off</c> takes at most what is left of those lines, so no line goes below zero.</item>
/// <item><c>percent_off</c> (two decimals at most) is taken of the sum of those lines, rounded half up to the minor unit
/// once per discount: 12.5 % of 999 ¢ is 124.875 ¢ → 125 ¢.</item>
/// <item>A discount's amount is spread over its lines in proportion to what is left of each (largest-remainder method),
/// so the lines' <c>amount_discount</c> add up to the session's exactly.</item>
/// </list></summary>
static class SessionPricing
{
    public sealed record Line(long Subtotal, string PriceId, string ProductId);

    public sealed record Discount(long? AmountOff, long? PercentOffBasisPoints, IReadOnlyCollection<string> Prices, IReadOnlyCollection<string> Products);

    public sealed record Applied(long[] LineDiscounts, long[] DiscountAmounts);

    /// <summary>The discounts applied in order; null with <paramref name="notApplicable"/> set when a discount matches no line.</summary>
    public static Applied? ApplyDiscounts(IReadOnlyList<Line> lines, IReadOnlyList<Discount> discounts, out int? notApplicable)
    {
        notApplicable = null;
        var left = lines.Select(l => l.Subtotal).ToArray();
        var lineDiscounts = new long[lines.Count];
        var amounts = new long[discounts.Count];
        for (var k = 0; k < discounts.Count; k++)
        {
            var discount = discounts[k];
            var eligible = Enumerable.Range(0, lines.Count).Where(i => AppliesTo(discount, lines[i])).ToList();
            if (eligible.Count == 0)
            {
                notApplicable = k;
                return null;
            }
            var weights = eligible.Select(i => left[i]).ToList();
            var available = weights.Sum(); // ≤ Σ subtotals, which the caller has checked against Amount.Max
            var amount = discount.AmountOff is { } off
                ? Math.Min(off, available)
                : Allocation.PercentOf(available, discount.PercentOffBasisPoints!.Value);
            var shares = Allocation.Split(amount, weights);
            for (var j = 0; j < eligible.Count; j++)
            {
                left[eligible[j]] -= shares[j];
                lineDiscounts[eligible[j]] += shares[j];
            }
            amounts[k] = amount;
        }
        return new Applied(lineDiscounts, amounts);
    }

    /// <summary><paramref name="lines"/> and <paramref name="discounts"/> with the discounts applied afresh: each discount's
    /// amount and each line's discount and total set. Null with <paramref name="notApplicable"/> set when a discount matches no line.</summary>
    public static (List<SessionLineItem> Lines, List<SessionDiscount> Discounts)? Discounted(List<SessionLineItem> lines,
        List<SessionDiscount> discounts, out int? notApplicable)
    {
        var applied = ApplyDiscounts(lines.ConvertAll(l => new Line(l.AmountSubtotal, l.PriceId, l.ProductId)),
            discounts.ConvertAll(d => new Discount(d.AmountOff, d.PercentOffBasisPoints, d.AppliesToPrices, d.AppliesToProducts)),
            out notApplicable);
        if (applied is null) return null;
        return (lines.Select((l, i) => l with { AmountDiscount = applied.LineDiscounts[i], AmountTotal = l.AmountSubtotal - applied.LineDiscounts[i] }).ToList(),
            discounts.Select((d, k) => d with { Amount = applied.DiscountAmounts[k] }).ToList());
    }

    static bool AppliesTo(Discount discount, Line line) =>
        discount.Prices.Count + discount.Products.Count == 0
        || discount.Prices.Contains(line.PriceId) || discount.Products.Contains(line.ProductId);

    /// <summary>The session total for a shipping amount; null past <see cref="Amount.Max"/>.</summary>
    public static long? Total(long linesTotal, long shipping, long tax, long fees) => Amount.Sum([linesTotal, shipping, tax, fees]);
}
